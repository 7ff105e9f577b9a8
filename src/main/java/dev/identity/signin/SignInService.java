package dev.identity.signin;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CredentialService;
import dev.identity.directory.TenantDirectory;
import dev.identity.platform.Jdbc;
import dev.identity.platform.RequestInfo;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.ratelimit.SignInFailures;
import dev.identity.session.TokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in with user name and password. An unknown user, a disabled user and a wrong password get the
 * same 401 after the same work (one Argon2id verification), so the answer tells no one who has an account.
 *
 * <p>Limits (DESIGN.md 4.5): requests per client address, then per tenant, taken together or not at all; then
 * the smart lockout of {@link SignInFailures}, read with the account: this address's wrong passwords for this
 * account, and the account's from everywhere unless this address is familiar. Nothing counts per account alone,
 * so a stranger's guesses never refuse the owner's right password below the daily ceiling.
 *
 * <p>Plain JDBC around the hash, as recovery-start: one read before it (two with the limits on), outside any
 * transaction; after it, one transaction of a locking read and one write. A sign-in is mostly its hash: what is
 * left around it is kept to what the rules need (docs/benchmarks.md).
 */
@ApplicationScoped
public class SignInService {

    private final TenantDirectory directory;
    private final Jdbc jdbc;
    private final CredentialService credentials;
    private final TokenService tokens;
    private final AuditLog audit;
    private final RateLimiter limits;
    private final SignInFailures failures;
    private final RequestInfo request;

    SignInService(TenantDirectory directory, Jdbc jdbc, CredentialService credentials, TokenService tokens,
            AuditLog audit, RateLimiter limits, SignInFailures failures, RequestInfo request) {
        this.limits = limits;
        this.failures = failures;
        this.request = request;
        this.directory = directory;
        this.jdbc = jdbc;
        this.credentials = credentials;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** The answer to a successful sign-in. */
    public record SignedIn(TokenService.IssuedToken token, boolean passwordChangeRequired) {
    }

    /** A user as sign-in reads them, with {@link #ACCOUNT} and {@link #account}. */
    private record Account(UUID id, boolean enabled, String passwordHash, boolean passwordChangeRequired,
            long passwordEpoch) {
    }

    private static final String ACCOUNT =
            "select id, enabled, password_hash, password_change_required, password_epoch from app_user where ";

    public SignedIn signIn(String tenantDomain, String userName, String password) {
        // A tenant's domain and id never change, so the directory's memory of them is as good as a read.
        UUID tenantId = directory.require(tenantDomain).id();
        String address = request.clientLimitKey();
        request.addressTenant(tenantId);
        limits.admit(new RateLimiter.Refusing(tenantId, Actor.ANONYMOUS, null),
                new RateLimiter.Take(RateLimiter.Limit.SIGN_IN_PER_ADDRESS, address),
                new RateLimiter.Take(RateLimiter.Limit.SIGN_IN_PER_TENANT, tenantId.toString()));
        SignInFailures.Keys keys = failures.keys(tenantId, userName, address);
        // No transaction before the hash: the account and the holds are each one statement, read on a connection in
        // autocommit, and nothing needs them to agree with each other (the write after the hash checks the account
        // again under its lock). A transaction of its own cost a sign-in a begin, a commit and the transaction
        // manager's bookkeeping, for a read.
        Optional<Account> found = jdbc.first(ACCOUNT + "tenant_id = ? and user_name_key = ?", SignInService::account,
                tenantId, keys.userNameKey());
        Optional<SignInFailures.Hold> hold = failures.hold(keys);
        if (hold.isPresent()) {
            // Before the hash: a held address learns nothing of the password, and costs no hash.
            throw limits.refuse(new RateLimiter.Refusing(tenantId, Actor.ANONYMOUS,
                    found.map(Account::id).orElse(null)), hold.get().limit(), hold.get().retryAfter());
        }
        Optional<Account> user = found.filter(Account::enabled);
        boolean matches = credentials.matches(password, user.map(Account::passwordHash).orElse(null));
        if (!matches) {
            Instant now = Instant.now();
            // One statement, atomic on its own: the failure and its audit event, without a transaction around them.
            jdbc.writeAll(List.of(failures.failing(keys, password, now),
                    audit.recording(new AuditLog.Entry(tenantId, AuditType.SIGN_IN, Actor.ANONYMOUS,
                            found.map(Account::id).orElse(null), AuditLog.Outcome.FAILURE,
                            found.isEmpty() ? "unknown-user" : user.isEmpty() ? "user-disabled" : "wrong-password"))));
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "The user name or password is incorrect.");
        }
        Account signedIn = user.get();
        String upgraded = credentials.needsRehash(signedIn.passwordHash()) ? credentials.rehash(password) : null;
        return QuarkusTransaction.requiringNew().call(() -> {
            // Shared lock: a password change waits for this session to be stored, and then revokes it; one that
            // committed first is seen here. The session carries the epoch read with the hash that was verified, so
            // even a change this check missed leaves the token dead (TokenService#resolve).
            Optional<Account> current = jdbc.first(ACCOUNT + "id = ? for share", SignInService::account,
                    signedIn.id());
            if (current.isEmpty() || !current.get().enabled() || current.get().passwordEpoch() != signedIn.passwordEpoch()
                    || !signedIn.passwordHash().equals(current.get().passwordHash())) {
                // Disabled or changed between the check and now: the verified password is no longer the one.
                throw ProblemException.of(ProblemType.UNAUTHORIZED, "The user name or password is incorrect.");
            }
            Instant now = Instant.now();
            TokenService.Issuing issuing = tokens.issuing(signedIn.id(), tenantId, signedIn.passwordEpoch(), now);
            List<Jdbc.Statement> writes = new ArrayList<>(3);
            if (upgraded != null) {
                // Only over the hash just verified: a change that lands meanwhile is kept, and the upgrade waits.
                writes.add(Jdbc.Statement.of("""
                        update app_user set password_hash = ?, version = version + 1
                        where id = ? and password_hash = ?""", upgraded, signedIn.id(), signedIn.passwordHash()));
            }
            writes.add(issuing.insert());
            writes.addAll(failures.succeeding(keys, now));
            writes.add(audit.recording(new AuditLog.Entry(tenantId, AuditType.SIGN_IN,
                    Actor.user(signedIn.id(), tenantId), signedIn.id(), AuditLog.Outcome.SUCCESS, null)));
            jdbc.writeAll(writes);
            return new SignedIn(issuing.token(), current.get().passwordChangeRequired());
        });
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(row.getObject(1, UUID.class), row.getBoolean(2), row.getString(3), row.getBoolean(4),
                row.getLong(5));
    }
}
