package dev.identity.credential;

import dev.identity.audit.AuditType;
import dev.identity.mail.MailKind;

/**
 * Why a password is being set: the audit event type, how the change is named in mail, and whether the
 * tenant's other global admins are told when the user holds an admin role (every kind of reset).
 */
public enum ChangeKind {
    OWN_CHANGE(AuditType.PASSWORD_CHANGE, "own", MailKind.PASSWORD_CHANGED, false),
    SELF_SERVICE_RESET(AuditType.SELF_SERVICE_RESET, "self-service", MailKind.PASSWORD_CHANGED, true),
    /** An admin of the tenant, on the user's behalf. */
    ADMIN_RESET(AuditType.ON_BEHALF_RESET, "admin", MailKind.PASSWORD_RESET, true),
    /** The operator: "contact Support". */
    SUPPORT_RESET(AuditType.ON_BEHALF_RESET, "support", MailKind.PASSWORD_RESET, true),
    /** A provider's agent; the customer's global admins are told of every delegated action separately. */
    DELEGATED_RESET(AuditType.DELEGATED_RESET, "delegated", MailKind.PASSWORD_RESET, false);

    final AuditType auditType;
    /** How the change is named in mail templates ({@code how}). */
    final String description;
    final MailKind userMail;
    final boolean tellsGlobalAdmins;

    ChangeKind(AuditType auditType, String description, MailKind userMail, boolean tellsGlobalAdmins) {
        this.auditType = auditType;
        this.description = description;
        this.userMail = userMail;
        this.tellsGlobalAdmins = tellsGlobalAdmins;
    }
}
