package dev.identity.mail;

/** To a tenant's other global admins, when the password of a user with an admin role was changed or reset. */
public record AdminPasswordNotice(String displayName, String targetName, String targetUserName, String tenantName,
        String when, String how) implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.ADMIN_PASSWORD_CHANGED;
    }
}
