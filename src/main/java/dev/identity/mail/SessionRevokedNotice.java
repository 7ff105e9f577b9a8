package dev.identity.mail;

/** To a user whose session was ended after too many wrong passwords at reauthentication. */
public record SessionRevokedNotice(String displayName, String userName, String tenantName, String when,
        String supportContact) implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.SESSION_REVOKED;
    }
}
