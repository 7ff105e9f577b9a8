package dev.identity.mail;

/** The mails the service writes; each has a Qute template per locale under {@code templates/mail/<locale>/}. */
public enum MailKind {
    PASSWORD_CHANGED("password-changed"),
    ADMIN_PASSWORD_CHANGED("admin-password-changed"),
    RECOVERY_CODE("recovery-code"),
    EMAIL_VERIFICATION_CODE("email-verification-code"),
    RECOVERY_EMAIL_CHANGED("recovery-email-changed"),
    AUTHENTICATOR_CHANGED("authenticator-changed"),
    PASSWORD_RESET("password-reset"),
    DELEGATED_ACTION("delegated-action"),
    SESSION_REVOKED("session-revoked"),
    /** To the tenant's other global admins, when an admin's recovery email or authenticator changes. */
    ADMIN_SECURITY_INFO_CHANGED("admin-security-info-changed");

    private final String template;

    MailKind(String template) {
        this.template = template;
    }

    public String template() {
        return template;
    }
}
