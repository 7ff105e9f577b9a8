package dev.identity.mail;

/** The code of a recovery, to its recovery email; {@code link} only when a portal link is configured. */
public record RecoveryCodeMail(String displayName, String userName, String tenantName, String code, String link)
        implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.RECOVERY_CODE;
    }
}
