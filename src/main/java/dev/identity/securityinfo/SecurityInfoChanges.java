package dev.identity.securityinfo;

import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.directory.GlobalAdminNotices;
import dev.identity.directory.Notices;
import dev.identity.directory.Tenant;
import dev.identity.directory.User;
import dev.identity.mail.AdminSecurityInfoNotice;
import dev.identity.mail.Mail;
import dev.identity.mail.MailOutbox;
import dev.identity.session.Principal;
import dev.identity.session.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

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

    private final TokenService tokens;
    private final GlobalAdminNotices admins;
    private final MailOutbox mail;
    private final AuditLog audit;

    SecurityInfoChanges(TokenService tokens, GlobalAdminNotices admins, MailOutbox mail, AuditLog audit) {
        this.tokens = tokens;
        this.admins = admins;
        this.mail = mail;
        this.audit = audit;
    }

    /**
     * Records a change made by the signed-in user {@code me}, in the caller's transaction. {@code userMail} goes to
     * {@code toldAddress} (the address on file before the change).
     */
    void changed(Principal.SignedIn me, User user, Tenant tenant, Change change, String toldAddress, Mail userMail,
            Instant now) {
        tokens.revokeAllBut(user.id, me.sessionId(), now);
        if (toldAddress != null && !toldAddress.isBlank()) {
            mail.enqueue(tenant.id, user.id, toldAddress, user.locale, userMail);
        }
        if (!user.roleSet().isEmpty()) {
            admins.enqueue(tenant.id, user.id, admin -> new AdminSecurityInfoNotice(admin.displayName,
                    user.displayName, user.userName, tenant.displayName, Notices.when(now), change.slug));
        }
        audit.record(new AuditLog.Entry(tenant.id, AuditType.SECURITY_INFO_CHANGED, me.actor(), user.id,
                AuditLog.Outcome.SUCCESS, change.slug));
    }
}
