package dev.identity.credential;

import dev.identity.account.Tenant;
import dev.identity.account.TokenService;
import dev.identity.account.User;
import dev.identity.account.UserRepository;
import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.policy.PasswordCandidate;
import dev.identity.policy.PasswordPolicy;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.problem.Violation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place where a password is set, by any path: the policy, the reuse check, the Argon2id hash,
 * the history, the revocation of every session, and the audit event. Hashing runs outside any
 * transaction so that no database connection waits on the CPU.
 */
@ApplicationScoped
public class CredentialService {

    /** Why a password is being set; recorded in the audit trail as the event type. */
    public enum ChangeKind {
        OWN_CHANGE(AuditType.PASSWORD_CHANGE);

        private final AuditType auditType;

        ChangeKind(AuditType auditType) {
            this.auditType = auditType;
        }
    }

    private final PasswordPolicy policy = new PasswordPolicy();
    private final PasswordHasher hasher;
    private final UserRepository users;
    private final TokenService tokens;
    private final AuditLog audit;
    private final EntityManager em;

    CredentialService(PasswordHasher hasher, UserRepository users, TokenService tokens, AuditLog audit,
            EntityManager em) {
        this.hasher = hasher;
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.em = em;
    }

    /**
     * Checks a new user's first password against the policy and hashes it. The caller stores the hash with
     * the user it creates. {@code field} names the request field in any violation.
     */
    public String hashInitialPassword(String password, String field, String userName, String displayName,
            Tenant tenant) {
        PasswordCandidate candidate = new PasswordCandidate(password, userName, displayName, tenant.domain,
                tenant.displayName);
        List<Violation> violations = violations(candidate, field);
        if (!violations.isEmpty()) {
            throw ProblemException.passwordPolicy(violations);
        }
        return hasher.hash(candidate.password());
    }

    /** A generated temporary password that passes the policy, and its hash. */
    public record Temporary(String password, String hash) {
    }

    public Temporary generateTemporary(String userName, String displayName, Tenant tenant) {
        while (true) {
            String password = TemporaryPasswords.generate();
            if (policy.check(new PasswordCandidate(password, userName, displayName, tenant.domain,
                    tenant.displayName)).isEmpty()) {
                return new Temporary(password, hasher.hash(password));
            }
        }
    }

    /**
     * Replaces a user's password: refuses it with 422 password-policy when it breaks a rule or equals the
     * current one, else stores the new hash, keeps the old one in the history, and revokes every session.
     */
    public void replacePassword(User user, Tenant tenant, String newPassword, String field, boolean changeRequired,
            ChangeKind kind, Actor actor) {
        PasswordCandidate candidate = new PasswordCandidate(newPassword, user.userName, user.displayName,
                tenant.domain, tenant.displayName);
        List<Violation> violations = new ArrayList<>(violations(candidate, field));
        String checkedHash = user.passwordHash;
        if (checkedHash != null && candidate.length() <= 128 && hasher.verify(candidate.password(), checkedHash)) {
            violations.add(new Violation(field, "reused-password", "Choose a password you have not just used."));
        }
        if (!violations.isEmpty()) {
            audit.refused(tenant.id, kind.auditType, actor, user.id, ProblemType.PASSWORD_POLICY.slug());
            throw ProblemException.passwordPolicy(violations);
        }
        String newHash = hasher.hash(candidate.password());
        QuarkusTransaction.joiningExisting().run(() -> store(user.id, checkedHash, newHash, changeRequired, kind,
                actor));
    }

    /** Checks a password against a user's stored hash, spending the same work when there is none. */
    public boolean matches(String password, String storedHash) {
        return hasher.verify(PasswordCandidate.normalize(password), storedHash);
    }

    /** Whether the stored hash should be replaced by one with today's parameters. */
    public boolean needsRehash(String storedHash) {
        return hasher.needsRehash(storedHash);
    }

    /** A fresh hash of an already verified password, for upgrading old parameters at sign-in. */
    public String rehash(String password) {
        return hasher.hash(PasswordCandidate.normalize(password));
    }

    private void store(java.util.UUID userId, String checkedHash, String newHash, boolean changeRequired,
            ChangeKind kind, Actor actor) {
        User locked = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (locked == null) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "No such user.");
        }
        if (!Objects.equals(locked.passwordHash, checkedHash)) {
            throw ProblemException.of(ProblemType.CONFLICT, "The password was changed meanwhile; try again.");
        }
        Instant now = Instant.now();
        if (locked.passwordHash != null) {
            PasswordHistory history = new PasswordHistory();
            history.userId = locked.id;
            history.passwordHash = locked.passwordHash;
            history.replacedAt = now;
            em.persist(history);
        }
        locked.passwordHash = newHash;
        locked.passwordChangeRequired = changeRequired;
        locked.passwordChangedAt = now;
        locked.updatedAt = now;
        tokens.revokeAll(locked.id, now);
        audit.success(locked.tenantId, kind.auditType, actor, locked.id);
    }

    private List<Violation> violations(PasswordCandidate candidate, String field) {
        return policy.check(candidate).stream().map(v -> new Violation(field, v.rule(), v.message())).toList();
    }
}
