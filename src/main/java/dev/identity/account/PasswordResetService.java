package dev.identity.account;

import dev.identity.audit.AuditType;
import dev.identity.credential.CredentialService;
import dev.identity.policy.AccessPolicy;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Resets on a user's behalf by an admin of the tenant or the operator (DESIGN.md sections 1 and 2): allowed in
 * {@code global} within the role matrix, refused for everyone in {@code 21vianet}. The user gets a temporary
 * password that must be changed at the next sign-in, loses every session, and is mailed.
 */
@ApplicationScoped
public class PasswordResetService {

    private final Caller caller;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final CredentialService credentials;
    private final AccessChecks checks;
    private final MeterRegistry metrics;

    PasswordResetService(Caller caller, TenantRepository tenants, UserRepository users,
            CredentialService credentials, AccessChecks checks, MeterRegistry metrics) {
        this.caller = caller;
        this.tenants = tenants;
        this.users = users;
        this.credentials = credentials;
        this.checks = checks;
        this.metrics = metrics;
    }

    public record Reset(String temporaryPassword) {
    }

    public Reset reset(String domain, UUID userId, String temporaryPassword) {
        Principal principal = caller.require();
        record Found(Tenant tenant, Optional<User> user) {
        }
        Found found = QuarkusTransaction.requiringNew().call(() -> {
            Tenant tenant = tenants.requireByDomain(domain);
            return new Found(tenant, users.findInTenant(tenant.id, userId));
        });
        Tenant tenant = found.tenant();
        // The policy answers before the user's existence is told: a refused caller learns nothing about it.
        Set<dev.identity.policy.Role> targetRoles = found.user().map(User::roleSet).orElse(Set.of());
        checks.enforce(AccessPolicy.decide(checks.deployment(), Requesters.of(principal, tenant.id, userId),
                AccessPolicy.Action.ON_BEHALF_RESET, targetRoles), tenant.id, AuditType.ON_BEHALF_RESET,
                principal.actor(), found.user().map(u -> u.id).orElse(null));
        User user = found.user().orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND,
                "No such user in this tenant."));
        CredentialService.ChangeKind kind = principal instanceof Principal.Operator
                ? CredentialService.ChangeKind.SUPPORT_RESET : CredentialService.ChangeKind.ADMIN_RESET;
        // Decided again under the target's row lock, just before the password is stored: a target promoted while
        // the hash was computed is refused then, and nothing is stored.
        String password = credentials.resetToTemporary(user, tenant, temporaryPassword, "temporaryPassword", kind,
                principal.actor(), rolesNow -> checks.enforce(AccessPolicy.decide(checks.deployment(),
                        Requesters.of(principal, tenant.id, userId), AccessPolicy.Action.ON_BEHALF_RESET, rolesNow),
                        tenant.id, AuditType.ON_BEHALF_RESET, principal.actor(), user.id), () -> {
                });
        metrics.counter("identity.password.resets", "kind", kind == CredentialService.ChangeKind.SUPPORT_RESET
                ? "support" : "admin").increment();
        return new Reset(password);
    }
}
