package dev.identity.credential;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.directory.GlobalAdminNotices;
import dev.identity.directory.Notices;
import dev.identity.directory.Tenant;
import dev.identity.directory.User;
import dev.identity.mail.AdminPasswordNotice;
import dev.identity.mail.MailOutbox;
import dev.identity.mail.PasswordNotice;
import dev.identity.platform.Jdbc;
import dev.identity.policy.PasswordCandidate;
import dev.identity.policy.PasswordPolicy;
import dev.identity.policy.Role;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.problem.Violation;
import dev.identity.session.TokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The one place where a password is set, by any path: the policy, the reuse check, the Argon2id hash,
 * the history, the revocation of every session, the audit event and the mail that tells of it. Hashing runs outside any
 * transaction so that no database connection waits on the CPU.
 */
@ApplicationScoped
public class CredentialService {

    private final PasswordPolicy policy = new PasswordPolicy();
    private final PasswordHasher hasher;
    private final GlobalAdminNotices admins;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Jdbc jdbc;
    private final MailOutbox mail;

    CredentialService(PasswordHasher hasher, GlobalAdminNotices admins, TokenService tokens, AuditLog audit, Jdbc jdbc,
            MailOutbox mail) {
        this.mail = mail;
        this.hasher = hasher;
        this.admins = admins;
        this.tokens = tokens;
        this.audit = audit;
        this.jdbc = jdbc;
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
            // 140 random bits cannot be guessable; only the name rules can (rarely) refuse one.
            if (policy.checkWithoutEstimate(new PasswordCandidate(password, userName, displayName, tenant.domain,
                    tenant.displayName)).isEmpty()) {
                return new Temporary(password, hasher.hash(password));
            }
        }
    }

    /**
     * Whose password is being set: the names the policy compares a new password with (the user's and the
     * tenant's), and the hash the new one replaces.
     */
    public record Holder(UUID userId, UUID tenantId, String userName, String displayName, String passwordHash,
            String tenantDomain, String tenantName) {

        public static Holder of(User user, Tenant tenant) {
            return new Holder(user.id, tenant.id, user.userName, user.displayName, user.passwordHash, tenant.domain,
                    tenant.displayName);
        }

        PasswordCandidate candidate(String password) {
            return new PasswordCandidate(password, userName, displayName, tenantDomain, tenantName);
        }
    }

    /**
     * Replaces a user's password: refuses it with 422 password-policy when it breaks a rule or equals the
     * current one, else stores the new hash, keeps the old one in the history, and revokes every session.
     */
    public void replacePassword(User user, Tenant tenant, String newPassword, String field, boolean changeRequired,
            ChangeKind kind, Actor actor) {
        Holder holder = Holder.of(user, tenant);
        PasswordCandidate candidate = holder.candidate(newPassword);
        replace(holder, candidate, field, violations(candidate, field), changeRequired, kind, actor, () -> {
        }, StillAllowed.ALWAYS);
    }

    /** A new password that has passed the policy (not yet the reuse check), from {@link #checkPolicy}. */
    public static final class CheckedPassword {
        private final PasswordCandidate candidate;
        private final String field;

        private CheckedPassword(PasswordCandidate candidate, String field) {
            this.candidate = candidate;
            this.field = field;
        }
    }

    /**
     * Checks a new password against the policy alone (no hash is computed), refusing it with 422
     * password-policy. What it returns is given to
     * {@link #replacePassword(Holder, CheckedPassword, boolean, ChangeKind, Actor, Runnable)}, so that the policy
     * (and its strength estimate) runs once per request.
     */
    public CheckedPassword checkPolicy(Holder holder, String newPassword, String field, ChangeKind kind,
            Actor actor) {
        PasswordCandidate candidate = holder.candidate(newPassword);
        List<Violation> violations = violations(candidate, field);
        if (!violations.isEmpty()) {
            audit.refused(holder.tenantId(), kind.auditType, actor, holder.userId(),
                    ProblemType.PASSWORD_POLICY.slug());
            throw ProblemException.passwordPolicy(violations);
        }
        return new CheckedPassword(candidate, field);
    }

    /**
     * Replaces the password of a holder with one {@link #checkPolicy} has passed: only the reuse check remains.
     * {@code inTransaction} runs in the transaction that stores the new hash, after it, so that what it
     * consumes (a reset token) is consumed exactly when the password changes: if it throws, nothing is stored.
     */
    public void replacePassword(Holder holder, CheckedPassword checked, boolean changeRequired, ChangeKind kind,
            Actor actor, Runnable inTransaction) {
        replace(holder, checked.candidate, checked.field, List.of(), changeRequired, kind, actor, inTransaction,
                StillAllowed.ALWAYS);
    }

    private void replace(Holder holder, PasswordCandidate candidate, String field, List<Violation> policyViolations,
            boolean changeRequired, ChangeKind kind, Actor actor, Runnable inTransaction, StillAllowed stillAllowed) {
        List<Violation> violations = new ArrayList<>(policyViolations);
        String checkedHash = holder.passwordHash();
        if (checkedHash != null && candidate.length() <= 128 && hasher.verify(candidate.password(), checkedHash)) {
            violations.add(new Violation(field, "reused-password", "Choose a password you have not just used."));
        }
        if (!violations.isEmpty()) {
            audit.refused(holder.tenantId(), kind.auditType, actor, holder.userId(),
                    ProblemType.PASSWORD_POLICY.slug());
            throw ProblemException.passwordPolicy(violations);
        }
        String newHash = hasher.hash(candidate.password());
        QuarkusTransaction.joiningExisting().run(() -> {
            store(holder.userId(), checkedHash, newHash, changeRequired, kind, actor, stillAllowed);
            inTransaction.run();
        });
    }

    /** Checks a password against a user's stored hash, spending the same work when there is none. */
    public boolean matches(String password, String storedHash) {
        String normalized = PasswordCandidate.normalize(password);
        if (hasher.verify(normalized, storedHash)) {
            return true;
        }
        // An imported hash was made by another system of the password as typed, which NFKC may have changed (a
        // full-width digit, a decomposed accent): that form is tried too, for such a hash only. Ours are always of
        // the normalised form, and the first sign-in replaces an imported one.
        return !normalized.equals(password) && hasher.needsRehash(storedHash)
                && ImportedHashes.isVerifiable(storedHash) && hasher.verify(password, storedHash);
    }

    /** Whether the stored hash should be replaced by one with today's parameters. */
    public boolean needsRehash(String storedHash) {
        return hasher.needsRehash(storedHash);
    }

    /** A fresh hash of an already verified password, for upgrading old parameters at sign-in. */
    public String rehash(String password) {
        return hasher.hash(PasswordCandidate.normalize(password));
    }

    /** The user as the transaction that stores a new password locks them, with their tenant's names. */
    private record Locked(UUID tenantId, String passwordHash, String userName, String displayName, String email,
            String locale, Set<Role> roles, String tenantName, String supportContact) {

        boolean admin() {
            return !roles.isEmpty();
        }
    }

    /**
     * Stores a new hash: locks the user, checks that the hash it replaces is still the one the reuse check saw and
     * that the caller may still do this to the user as they are now ({@link StillAllowed}), then writes the history,
     * the new hash, the revocation of every session, the audit event and the mails in one statement. Plain JDBC,
     * one read and one write: every password change comes through here.
     */
    private void store(UUID userId, String checkedHash, String newHash, boolean changeRequired, ChangeKind kind,
            Actor actor, StillAllowed stillAllowed) {
        Locked locked = jdbc.first("""
                select u.tenant_id, u.password_hash, u.user_name, u.display_name, u.email, u.locale,
                    u.roles, t.display_name, t.support_contact
                from app_user u join tenant t on t.id = u.tenant_id
                where u.id = ? for update of u""", row -> new Locked(row.getObject(1, UUID.class), row.getString(2),
                        row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                        Role.setOf((String[]) row.getArray(7).getArray()), row.getString(8), row.getString(9)), userId)
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such user."));
        stillAllowed.check(locked.roles());
        if (!Objects.equals(locked.passwordHash(), checkedHash)) {
            throw ProblemException.of(ProblemType.CONFLICT, "The password was changed meanwhile; try again.");
        }
        Instant now = Instant.now();
        List<Jdbc.Statement> writes = new ArrayList<>();
        if (locked.passwordHash() != null) {
            writes.add(Jdbc.Statement.of("""
                    insert into password_history (user_id, password_hash, replaced_at) values (?, ?, ?)""", userId,
                    locked.passwordHash(), now));
        }
        writes.add(Jdbc.Statement.of("""
                update app_user set password_hash = ?, password_change_required = ?, password_changed_at = ?,
                    updated_at = ?, version = version + 1, password_epoch = password_epoch + 1
                where id = ?""", newHash, changeRequired, now, now, userId));
        writes.add(tokens.revokingAll(userId, now));
        writes.add(audit.recording(new AuditLog.Entry(locked.tenantId(), kind.auditType, actor, userId,
                AuditLog.Outcome.SUCCESS, null)));
        writes.addAll(tellOfChange(userId, locked, kind, now));
        jdbc.writeAll(writes);
    }

    /** The user is always told; for an admin target and a reset, every other enabled global admin too. */
    private List<Jdbc.Statement> tellOfChange(UUID userId, Locked user, ChangeKind kind, Instant now) {
        String when = Notices.when(now);
        List<Jdbc.Statement> mails = new ArrayList<>();
        mails.add(mail.queueing(mail.prepare(user.tenantId(), userId, user.email(), user.locale(),
                new PasswordNotice(kind.userMail, user.displayName(), user.userName(), user.tenantName(), when,
                        Notices.supportContact(user.supportContact(), user.tenantName()), kind.description)), false));
        if (kind.tellsGlobalAdmins && user.admin()) {
            mails.addAll(admins.queueing(user.tenantId(), userId, admin -> new AdminPasswordNotice(
                    admin.displayName, user.displayName(), user.userName(), user.tenantName(), when,
                    kind.description)));
        }
        return mails;
    }

    /**
     * Resets a user's password to a temporary one that must be changed at the next sign-in: the one given
     * (checked like any password, named {@code field} in violations), or a generated one of 128 bits or more.
     * Every session is revoked and the user is told. {@code stillAllowed} decides again under the user's row lock;
     * {@code inTransaction} runs in the transaction that stores the password, after it (what must exist exactly
     * when the password changed: a delegated reset's notice to the customer's admins). Returns the temporary
     * password.
     */
    public String resetToTemporary(User user, Tenant tenant, String given, String field, ChangeKind kind,
            Actor actor, StillAllowed stillAllowed, Runnable inTransaction) {
        if (given != null) {
            Holder holder = Holder.of(user, tenant);
            PasswordCandidate candidate = holder.candidate(given);
            replace(holder, candidate, field, violations(candidate, field), true, kind, actor, inTransaction,
                    stillAllowed);
            return given;
        }
        Temporary temporary = generateTemporary(user.userName, user.displayName, tenant);
        String checkedHash = user.passwordHash;
        QuarkusTransaction.joiningExisting().run(() -> {
            store(user.id, checkedHash, temporary.hash(), true, kind, actor, stillAllowed);
            inTransaction.run();
        });
        return temporary.password();
    }

    private List<Violation> violations(PasswordCandidate candidate, String field) {
        return policy.check(candidate).stream().map(v -> new Violation(field, v.rule(), v.message())).toList();
    }
}
