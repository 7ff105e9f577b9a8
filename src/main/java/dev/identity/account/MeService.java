package dev.identity.account;

import dev.identity.account.AccountViews.MeView;
import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CredentialService;
import dev.identity.mail.MailKind;
import dev.identity.mail.MailOutbox;
import dev.identity.platform.Jdbc;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** What signed-in users do for themselves: read their profile, change their password, sign out. */
@ApplicationScoped
public class MeService {

    /** Wrong current passwords in a row that end a session. */
    static final int MAX_WRONG_PASSWORDS = 5;

    private final Caller caller;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final CredentialService credentials;
    private final TokenService tokens;
    private final AuditLog audit;
    private final RateLimiter limits;
    private final Jdbc jdbc;
    private final MailOutbox mail;

    MeService(Caller caller, UserRepository users, TenantRepository tenants, CredentialService credentials,
            TokenService tokens, AuditLog audit, RateLimiter limits, Jdbc jdbc, MailOutbox mail) {
        this.limits = limits;
        this.jdbc = jdbc;
        this.mail = mail;
        this.caller = caller;
        this.users = users;
        this.tenants = tenants;
        this.credentials = credentials;
        this.tokens = tokens;
        this.audit = audit;
    }

    public MeView me() {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = users.findById(me.userId());
            return new MeView(user.id, me.tenantDomain(), user.userName, user.displayName, user.email,
                    user.roleSet().stream().toList(), user.locale, user.passwordChangeRequired);
        });
    }

    /**
     * Changes the caller's password; every token of theirs, this one included, stops working.
     *
     * <p>It costs hashes, and it is a way to guess the current password with a stolen token, so (DESIGN.md 4.6) it
     * is limited per user and per address, and a session takes {@value #MAX_WRONG_PASSWORDS} wrong current
     * passwords in a row: each attempt is counted on the session before the comparison (so parallel requests
     * cannot get more), one refused before it is compared gives its count back, a right one sets the count back to
     * nothing, and a wrong one that finds the count at five revokes the session and mails the user.
     */
    public void changePassword(String currentPassword, String newPassword) {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        limits.admitCredentialCheck(me.tenantId(), me.actor(), me.userId());
        record Loaded(User user, Tenant tenant, Integer attempt) {
        }
        Loaded loaded = QuarkusTransaction.requiringNew().call(() -> new Loaded(users.findById(me.userId()),
                tenants.findById(me.tenantId()), jdbc.first("""
                        update session set wrong_passwords = wrong_passwords + 1
                        where id = ? and revoked_at is null and wrong_passwords < ?
                        returning wrong_passwords""", row -> row.getInt(1), me.sessionId(), MAX_WRONG_PASSWORDS)
                        .orElse(null)));
        if (loaded.attempt() == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "This session has ended; sign in again.");
        }
        boolean matches;
        try {
            matches = credentials.matches(currentPassword, loaded.user().passwordHash);
        } catch (RuntimeException notCompared) {
            // Refused before the comparison (the hash pool's share, or busy): the attempt was not made.
            QuarkusTransaction.requiringNew().run(() -> jdbc.update(Jdbc.Statement.of(
                    "update session set wrong_passwords = greatest(0, wrong_passwords - 1) where id = ?",
                    me.sessionId())));
            throw notCompared;
        }
        if (!matches) {
            if (endedSession(me, loaded.user(), loaded.tenant())) {
                throw ProblemException.of(ProblemType.UNAUTHORIZED,
                        "Too many wrong passwords: this session has ended. Sign in again.");
            }
            audit.refused(me.tenantId(), AuditType.PASSWORD_CHANGE, me.actor(), me.userId(), "wrong-current-password");
            throw ProblemException.invalid("currentPassword", "wrong-password", "The current password is not correct.")
                    .with("remainingAttempts", MAX_WRONG_PASSWORDS - loaded.attempt());
        }
        QuarkusTransaction.requiringNew().run(() -> jdbc.update(Jdbc.Statement.of(
                "update session set wrong_passwords = 0 where id = ?", me.sessionId())));
        credentials.replacePassword(loaded.user(), loaded.tenant(), newPassword, "newPassword", false,
                CredentialService.ChangeKind.OWN_CHANGE, me.actor());
    }

    /**
     * After a wrong current password: when the session's count (this attempt and those still being compared) has
     * reached {@value #MAX_WRONG_PASSWORDS}, revokes the session, tells the user and audits it. Read under the
     * session's lock, so that of the wrong ones that finish, none after the fifth is let pass.
     */
    private boolean endedSession(Principal.SignedIn me, User user, Tenant tenant) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int count = jdbc.first("select wrong_passwords from session where id = ? for update", row -> row.getInt(1),
                    me.sessionId()).orElse(MAX_WRONG_PASSWORDS);
            if (count < MAX_WRONG_PASSWORDS) {
                return false;
            }
            Instant now = Instant.now();
            tokens.revoke(me.sessionId(), now);
            mail.enqueue(tenant.id, user.id, MailKind.SESSION_REVOKED, user.email, user.locale,
                    Notices.data(user, tenant, now));
            audit.record(new AuditLog.Entry(tenant.id, AuditType.SESSION_REVOKED, Actor.SYSTEM, user.id,
                    AuditLog.Outcome.SUCCESS, "too-many-wrong-passwords"));
            return true;
        });
    }

    public void signOut() {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        QuarkusTransaction.requiringNew().run(() -> {
            tokens.revoke(me.sessionId(), Instant.now());
            audit.success(me.tenantId(), AuditType.SIGN_OUT, me.actor(), me.userId());
        });
    }
}
