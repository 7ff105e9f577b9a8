package dev.identity.adminreset;

import dev.identity.audit.AuditType;
import dev.identity.credential.ChangeKind;
import dev.identity.credential.CredentialService;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.directory.User;
import dev.identity.directory.UserRepository;
import dev.identity.policy.AccessPolicy;
import dev.identity.policy.AccessPolicy.Action;
import dev.identity.policy.AccessPolicy.Requester;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.session.AccessChecks;
import dev.identity.session.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one skeleton of every reset done on a user's behalf: by an admin of the tenant or the operator
 * ({@link PasswordResetService}), and by a provider's agent through a relationship (delegation). The policy decides
 * before the target's existence is told, and again under the target's row lock just before the temporary password is
 * stored; the user loses every session and is mailed (CredentialService).
 */
@ApplicationScoped
public class ResetOnBehalf {

    /** The caller as the policy sees them; {@code locked}: read in the transaction that stores the password. */
    @FunctionalInterface
    public interface RequesterNow {
        Requester read(boolean locked);
    }

    /**
     * One kind of reset: the policy's action and the audit event, how the change is told, the {@code kind} tag of
     * {@code identity_password_resets_total}, who asks, and what is written in the transaction that stores the
     * password, after it (what must exist exactly when the password changed).
     */
    public record Kind(Action action, AuditType auditType, ChangeKind change, String metric, RequesterNow requester,
            Consumer<User> alongside) {
    }

    private final TenantRepository tenants;
    private final UserRepository users;
    private final CredentialService credentials;
    private final AccessChecks checks;
    private final MeterRegistry metrics;

    ResetOnBehalf(TenantRepository tenants, UserRepository users, CredentialService credentials, AccessChecks checks,
            MeterRegistry metrics) {
        this.tenants = tenants;
        this.users = users;
        this.credentials = credentials;
        this.checks = checks;
        this.metrics = metrics;
    }

    /**
     * Resets the password of user {@code userId} of the tenant of {@code domain} to {@code temporaryPassword} (checked
     * like any password) or a generated one, which it returns. {@code kindFor} names the kind for the tenant found.
     */
    public String reset(Principal principal, String domain, UUID userId, String temporaryPassword,
            Function<Tenant, Kind> kindFor) {
        // Two reads in autocommit, no transaction: the hash that follows holds none (CredentialService), and the
        // transaction that stores the password reads the user again under its lock.
        Tenant tenant = tenants.requireByDomain(domain);
        Optional<User> found = users.findInTenant(tenant.id, userId);
        Kind kind = kindFor.apply(tenant);
        // The policy answers before the user's existence is told: a refused caller learns nothing about it.
        checks.enforce(AccessPolicy.decide(checks.deployment(), kind.requester().read(false), kind.action(),
                found.map(User::roleSet).orElse(Set.of())), tenant.id, kind.auditType(), principal.actor(),
                found.map(u -> u.id).orElse(null));
        User user = found.orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND,
                "No such user in this tenant."));
        // Decided again under the target's row lock, just before the password is stored: a target promoted, or a
        // relationship ended, while the hash was computed refuses the reset, and nothing is stored.
        String password = credentials.resetToTemporary(user, tenant, temporaryPassword, "temporaryPassword",
                kind.change(), principal.actor(), rolesNow -> checks.enforce(AccessPolicy.decide(checks.deployment(),
                        kind.requester().read(true), kind.action(), rolesNow), tenant.id, kind.auditType(),
                        principal.actor(), user.id), () -> kind.alongside().accept(user));
        metrics.counter("identity.password.resets", "kind", kind.metric()).increment();
        return password;
    }
}
