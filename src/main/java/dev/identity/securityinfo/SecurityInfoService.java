package dev.identity.securityinfo;

import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CodeAttempts;
import dev.identity.credential.Codes;
import dev.identity.directory.Notices;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.directory.User;
import dev.identity.directory.UserRepository;
import dev.identity.mail.EmailVerificationMail;
import dev.identity.mail.MailOutbox;
import dev.identity.mail.RecoveryEmailNotice;
import dev.identity.platform.Jdbc;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The signed-in user's security info. Asking to change the recovery email needs a fresh proof of the password
 * ({@link Caller#requireFreshProof}); the address changes only through a code mailed to the new one, and the change
 * ends the user's other sessions and is told to the old address ({@link SecurityInfoChanges}): a stolen session
 * alone cannot redirect recovery mail.
 */
@ApplicationScoped
public class SecurityInfoService {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    /** The code of a change of recovery email: the user's pending change counts it, and is locked by its id. */
    private static final CodeAttempts.Counter EMAIL_CODES = new CodeAttempts.Counter("email_change", "user_id", "id",
            "");
    /** Change requests a user may make per hour (each mails a code to an address of their choosing). */
    static final int MAX_REQUESTS_PER_HOUR = 5;
    private static final String PURPOSE = "email-change-code";

    private final Caller caller;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final MailOutbox mail;
    private final AuditLog audit;
    private final Codes codes;
    private final AuthenticatorService authenticators;
    private final Jdbc jdbc;
    private final RateLimiter limits;
    private final SecurityInfoChanges changes;
    private final CodeAttempts attempts;

    SecurityInfoService(Caller caller, UserRepository users, TenantRepository tenants, MailOutbox mail,
            AuditLog audit, Codes codes, AuthenticatorService authenticators, Jdbc jdbc, RateLimiter limits,
            SecurityInfoChanges changes, CodeAttempts attempts) {
        this.caller = caller;
        this.users = users;
        this.tenants = tenants;
        this.mail = mail;
        this.audit = audit;
        this.codes = codes;
        this.authenticators = authenticators;
        this.jdbc = jdbc;
        this.limits = limits;
        this.changes = changes;
        this.attempts = attempts;
    }

    @Schema(name = "SecurityInfo", requiredProperties = {"email", "authenticator"})
    public record SecurityInfo(Email email, Authenticator authenticator) {
        @Schema(name = "SecurityInfoEmail", requiredProperties = {"address", "verified"})
        public record Email(String address, boolean verified) {
        }

        @Schema(name = "SecurityInfoAuthenticator", requiredProperties = "registered")
        public record Authenticator(boolean registered) {
        }
    }

    @Transactional
    public SecurityInfo get() {
        Principal.SignedIn me = caller.requireSignedIn();
        User user = users.findById(me.userId());
        return new SecurityInfo(new SecurityInfo.Email(user.email, user.emailVerified),
                new SecurityInfo.Authenticator(authenticators.isActive(user.id)));
    }

    /** Mails a code to the new address; the address in use stays until the code is entered. */
    @Transactional
    public void requestEmailChange(String newEmail) {
        Principal.SignedIn me = caller.requireFreshProof();
        User user = users.findById(me.userId());
        Instant now = Instant.now();
        long recent = jdbc.first("select count(*) from email_change where user_id = ? and created_at > ?",
                row -> row.getLong(1), user.id, now.minus(Duration.ofHours(1))).orElseThrow();
        if (recent >= MAX_REQUESTS_PER_HOUR) {
            throw ProblemException.rateLimited(Duration.ofMinutes(10));
        }
        UUID id = UUID.randomUUID();
        String code = codes.newCode();
        jdbc.update(Jdbc.Statement.of(
                "update email_change set state = 'superseded' where user_id = ? and state = 'pending'", user.id));
        jdbc.update(Jdbc.Statement.of("""
                insert into email_change (id, user_id, new_email, code_hash, state, created_at, expires_at)
                values (?, ?, ?, ?, 'pending', ?, ?)""", id, user.id, newEmail, codes.hash(PURPOSE, id, code), now,
                now.plus(CODE_LIFETIME)));
        Tenant tenant = tenants.findById(user.tenantId);
        mail.enqueue(tenant.id, user.id, newEmail, user.locale, new EmailVerificationMail(user.displayName,
                user.userName, tenant.displayName, newEmail, code));
        audit.record(new AuditLog.Entry(tenant.id, AuditType.SECURITY_INFO_CHANGE_REQUESTED, me.actor(),
                user.id, AuditLog.Outcome.SUCCESS, "email"));
    }

    /** Enters the code: the new address becomes the verified recovery email, and the old one is told. */
    public void verifyEmailChange(String code) {
        Principal.SignedIn me = caller.requireSignedIn();
        limits.admitCredentialCheck(me.tenantId(), me.actor(), me.userId());
        record Reserved(UUID id, byte[] codeHash, int attempts) {
        }
        Reserved reserved = attempts.reserve(EMAIL_CODES, me.userId(), "id, code_hash, attempts",
                row -> new Reserved(row.getObject(1, UUID.class), row.getBytes(2), row.getInt(3)))
                .orElseThrow(() -> whyNoChange(me.userId()));
        UUID id = reserved.id();
        if (!codes.matches(PURPOSE, id, code, reserved.codeHash())) {
            audit.failed(me.tenantId(), AuditType.SECURITY_INFO_CHANGED, me.actor(), me.userId(), "wrong-code");
            throw attempts.wrong(EMAIL_CODES, id, reserved.attempts(), "The code is wrong.", () -> {
            });
        }
        // The attempt committed before the code was compared; the change is a transaction of its own.
        QuarkusTransaction.requiringNew().run(() -> {
            String newEmail = jdbc.first("""
                    update email_change set state = 'completed'
                    where id = ? and state = 'pending' and expires_at > now() returning new_email""",
                    row -> row.getString(1), id).orElseThrow(() -> ProblemException.of(ProblemType.FLOW_EXPIRED,
                            "This code was already used or has expired."));
            User user = users.findById(me.userId());
            String oldEmail = user.email;
            Instant now = Instant.now();
            user.email = newEmail;
            user.emailVerified = true;
            user.updatedAt = now;
            users.update(user);
            Tenant tenant = tenants.findById(user.tenantId);
            changes.changed(me, user, tenant, SecurityInfoChanges.Change.EMAIL,
                    oldEmail != null && !oldEmail.equalsIgnoreCase(user.email) ? oldEmail : null,
                    new RecoveryEmailNotice(user.displayName, user.userName, tenant.displayName, Notices.when(now),
                            Notices.supportContact(tenant), user.email), now);
        });
    }

    private ProblemException whyNoChange(UUID userId) {
        record Latest(String state, int attempts) {
        }
        Optional<Latest> latest = jdbc.first("""
                select state, attempts from email_change where user_id = ? order by created_at desc limit 1""",
                row -> new Latest(row.getString(1), row.getInt(2)), userId);
        if (latest.isEmpty()) {
            return ProblemException.of(ProblemType.NOT_FOUND, "No change of the recovery email is waiting.");
        }
        if (CodeAttempts.lockedOut(latest.get().state(), latest.get().attempts())) {
            return ProblemException.of(ProblemType.FLOW_LOCKED, "Too many wrong codes; ask for a new code.");
        }
        return ProblemException.of(ProblemType.FLOW_EXPIRED, "The code has expired or was used; ask for a new one.");
    }
}
