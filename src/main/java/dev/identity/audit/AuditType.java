package dev.identity.audit;

/** What an audit event records; the slug is what is stored and filtered on. */
public enum AuditType {
    SIGN_IN("sign-in"),
    SIGN_OUT("sign-out"),
    PASSWORD_CHANGE("password-change"),
    TENANT_CREATED("tenant-created"),
    TENANT_UPDATED("tenant-updated"),
    USER_CREATED("user-created"),
    /** A user created by an import, with the password hash they had elsewhere (or none). */
    USER_IMPORTED("user-imported"),
    /** One import: its reason counts the lines, users created, skipped and failed. */
    USERS_IMPORTED("users-imported"),
    USER_UPDATED("user-updated"),
    ROLES_CHANGED("roles-changed"),
    USER_DISABLED("user-disabled"),
    USER_ENABLED("user-enabled"),
    RECOVERY_START("recovery-start"),
    RECOVERY_CODE_SENT("recovery-code-sent"),
    RECOVERY_VERIFY("recovery-verify"),
    RECOVERY_LOCKED("recovery-locked"),
    SELF_SERVICE_RESET("self-service-reset"),
    SECURITY_INFO_CHANGE_REQUESTED("security-info-change-requested"),
    SECURITY_INFO_CHANGED("security-info-changed"),
    ON_BEHALF_RESET("on-behalf-reset"),
    DELEGATED_RESET("delegated-reset"),
    DELEGATED_GLOBAL_ADMIN_CREATED("delegated-global-admin-created"),
    RELATIONSHIP_CREATED("delegated-relationship-created"),
    RELATIONSHIP_APPROVED("delegated-relationship-approved"),
    RELATIONSHIP_TERMINATED("delegated-relationship-terminated"),
    RELATIONSHIPS_LISTED("delegated-relationships-listed"),
    /** A request refused by a limit; the reason names the limit. */
    RATE_LIMITED("rate-limited"),
    /** A signed-in user proved the password again (POST /api/v1/me/reauthenticate), or failed to. */
    REAUTHENTICATION("reauthentication"),
    /** A session revoked after five wrong current passwords in a row. */
    SESSION_REVOKED("session-revoked");

    private final String slug;

    AuditType(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
