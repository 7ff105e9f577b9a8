package dev.identity.mail;

/**
 * To a tenant's other global admins, when an admin's recovery email or authenticator changed; {@code change}:
 * email, authenticator-added or authenticator-removed.
 */
public record AdminSecurityInfoNotice(String displayName, String targetName, String targetUserName,
        String tenantName, String when, String change) implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.ADMIN_SECURITY_INFO_CHANGED;
    }
}
