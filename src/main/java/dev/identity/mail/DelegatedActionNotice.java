package dev.identity.mail;

/**
 * To a customer's global admins, of what a provider did in their tenant; {@code action}: password-reset or
 * global-admin-created.
 */
public record DelegatedActionNotice(String displayName, String providerName, String tenantName, String targetName,
        String targetUserName, String when, String action) implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.DELEGATED_ACTION;
    }
}
