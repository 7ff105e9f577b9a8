package dev.identity.mail;

/** To the old recovery email, when the user set a new one. */
public record RecoveryEmailNotice(String displayName, String userName, String tenantName, String when,
        String supportContact, String newEmail) implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.RECOVERY_EMAIL_CHANGED;
    }
}
