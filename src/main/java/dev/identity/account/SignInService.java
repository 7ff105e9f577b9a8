package dev.identity.account;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CredentialService;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.RateLimiter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Sign-in with user name and password. An unknown user, a disabled user and a wrong password get the
 * same 401 after the same work (one Argon2id verification), so the answer tells no one who has an account.
 */
@ApplicationScoped
public class SignInService {

    private final TenantRepository tenants;
    private final UserRepository users;
    private final CredentialService credentials;
    private final TokenService tokens;
    private final AuditLog audit;
    private final RateLimiter limits;

    SignInService(TenantRepository tenants, UserRepository users, CredentialService credentials, TokenService tokens,
            AuditLog audit, RateLimiter limits) {
        this.limits = limits;
        this.tenants = tenants;
        this.users = users;
        this.credentials = credentials;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** The answer to a successful sign-in. */
    public record SignedIn(TokenService.IssuedToken token, boolean passwordChangeRequired) {
    }

    public SignedIn signIn(String tenantDomain, String userName, String password) {
        record Found(Tenant tenant, Optional<User> user) {
        }
        Found found = QuarkusTransaction.requiringNew().call(() -> {
            Tenant tenant = tenants.requireByDomain(tenantDomain);
            return new Found(tenant, users.findByUserName(tenant.id, userName));
        });
        limits.check(RateLimiter.Endpoint.SIGN_IN, found.tenant().id, userName);
        Optional<User> user = found.user().filter(u -> u.enabled);
        boolean matches = credentials.matches(password, user.map(u -> u.passwordHash).orElse(null));
        if (!matches) {
            audit.failed(found.tenant().id, AuditType.SIGN_IN, Actor.ANONYMOUS, found.user().map(u -> u.id).orElse(null),
                    found.user().isEmpty() ? "unknown-user" : user.isEmpty() ? "user-disabled" : "wrong-password");
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "The user name or password is incorrect.");
        }
        User signedIn = user.get();
        String upgraded = credentials.needsRehash(signedIn.passwordHash) ? credentials.rehash(password) : null;
        return QuarkusTransaction.requiringNew().call(() -> {
            User current = users.findById(signedIn.id);
            if (current == null || !current.enabled || !current.passwordHash.equals(signedIn.passwordHash)) {
                // Disabled or changed between the check and now: the verified password is no longer the one.
                throw ProblemException.of(ProblemType.UNAUTHORIZED, "The user name or password is incorrect.");
            }
            if (upgraded != null) {
                current.passwordHash = upgraded;
            }
            Instant now = Instant.now();
            TokenService.IssuedToken token = tokens.issue(current, now);
            audit.success(current.tenantId, AuditType.SIGN_IN, Actor.user(current.id, current.tenantId), current.id);
            return new SignedIn(token, current.passwordChangeRequired);
        });
    }
}
