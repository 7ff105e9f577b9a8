package dev.identity.mail;

/** To a user whose authenticator was added or removed; {@code change}: added or removed. */
public record AuthenticatorNotice(String displayName, String userName, String tenantName, String when,
        String supportContact, String change) implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.AUTHENTICATOR_CHANGED;
    }
}
