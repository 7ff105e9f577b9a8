package dev.identity.account;

import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.mail.MailKind;
import dev.identity.mail.MailOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;

/**
 * What every change of how an account is recovered does besides itself (DESIGN.md 7), in the transaction of the
 * change: the user's other sessions end (a thief's among them), the address that was on file hears of it, an
 * admin's fellow global admins hear of it, and the audit records it.
 */
@ApplicationScoped
class SecurityInfoChanges {

    /** The change as the audit's reason and the admins' mail name it. */
    enum Change {
        EMAIL("email"), AUTHENTICATOR_ADDED("authenticator-added"), AUTHENTICATOR_REMOVED("authenticator-removed");

        private final String slug;

        Change(String slug) {
            this.slug = slug;
        }
    }

    private final EntityManager em;
    private final UserRepository users;
    private final MailOutbox mail;
    private final AuditLog audit;

    SecurityInfoChanges(EntityManager em, UserRepository users, MailOutbox mail, AuditLog audit) {
        this.em = em;
        this.users = users;
        this.mail = mail;
        this.audit = audit;
    }

    /**
     * Records a change made by the signed-in user {@code me}, in the caller's transaction. {@code userMail} goes to
     * {@code toldAddress} (the address on file before the change) with {@code userData}.
     */
    void changed(Principal.SignedIn me, User user, Tenant tenant, Change change, String toldAddress, MailKind userMail,
            Map<String, Object> userData, Instant now) {
        em.createNativeQuery("""
                update session set revoked_at = ?1 where user_id = ?2 and id <> ?3 and revoked_at is null""")
                .setParameter(1, now).setParameter(2, user.id).setParameter(3, me.sessionId()).executeUpdate();
        if (toldAddress != null && !toldAddress.isBlank()) {
            mail.enqueue(tenant.id, user.id, userMail, toldAddress, user.locale, userData);
        }
        if (!user.roleSet().isEmpty()) {
            for (User admin : users.enabledGlobalAdmins(tenant.id)) {
                if (!admin.id.equals(user.id)) {
                    mail.enqueue(tenant.id, admin.id, MailKind.ADMIN_SECURITY_INFO_CHANGED, admin.email, admin.locale,
                            Map.of("displayName", admin.displayName, "targetName", user.displayName,
                                    "targetUserName", user.userName, "tenantName", tenant.displayName,
                                    "when", Notices.when(now), "change", change.slug));
                }
            }
        }
        audit.record(new AuditLog.Entry(tenant.id, AuditType.SECURITY_INFO_CHANGED, me.actor(), user.id,
                AuditLog.Outcome.SUCCESS, change.slug));
    }
}
