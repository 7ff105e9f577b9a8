package dev.identity.mail;

/**
 * To a user whose password was changed ({@link MailKind#PASSWORD_CHANGED}) or reset by someone else
 * ({@link MailKind#PASSWORD_RESET}); {@code how}: own, self-service, admin, support or delegated.
 */
public record PasswordNotice(MailKind kind, String displayName, String userName, String tenantName, String when,
        String supportContact, String how) implements Mail {
}
