package dev.identity.session;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.platform.CurrentDeployment;
import dev.identity.policy.AccessPolicy;
import dev.identity.policy.Deployment;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Carries out what {@link AccessPolicy} decides: a refusal is an audit event naming its rule, a count in
 * {@code identity_refusals_total{rule}}, and the problem whose slug the rule names.
 */
@ApplicationScoped
public class AccessChecks {

    private final CurrentDeployment deployment;
    private final AuditLog audit;
    private final MeterRegistry metrics;

    AccessChecks(CurrentDeployment deployment, AuditLog audit, MeterRegistry metrics) {
        this.deployment = deployment;
        this.audit = audit;
        this.metrics = metrics;
    }

    public Deployment deployment() {
        return deployment.get();
    }

    /** Does nothing when allowed; else records the refusal and throws its problem. */
    public void enforce(AccessPolicy.Decision decision, UUID tenantId, AuditType type, Actor actor, UUID target) {
        if (!decision.allowed()) {
            throw refusal(decision, tenantId, type, actor, target);
        }
    }

    /** Records a refusal and answers its problem, for a caller that adds members of its own before throwing. */
    public ProblemException refusal(AccessPolicy.Decision decision, UUID tenantId, AuditType type, Actor actor,
            UUID target) {
        AccessPolicy.Rule rule = decision.refusal();
        audit.refused(tenantId, type, actor, target, rule.id());
        metrics.counter("identity.refusals", "rule", rule.id()).increment();
        return ProblemException.of(ProblemType.ofSlug(rule.slug()), detail(rule));
    }

    private String detail(AccessPolicy.Rule rule) {
        String name = deployment.get().slug();
        return switch (rule) {
            case SELF_SERVICE_DISABLED -> "Self-service password reset is off for this tenant; contact its support.";
            case SELF_SERVICE_REQUIRED -> "In the " + name + " deployment self-service recovery is the only way back in "
                    + "and cannot be turned off.";
            case ON_BEHALF_RESET_BLOCKED -> "In the " + name + " deployment nobody resets a password on a user's "
                    + "behalf, whatever their role: the user recovers it through self-service.";
            case ROLE_NOT_PERMITTED -> "Your role may not do this to this user.";
            case NO_DELEGATED_RELATIONSHIP -> "No active delegated-admin relationship with this customer grants this.";
            case DELEGATION_NOT_AVAILABLE -> "The " + name + " deployment has no delegated administration.";
            case NOT_YOUR_TENANT -> "Only an admin of this tenant may do this.";
        };
    }
}
