package dev.identity.policy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may reset whose password, and who may administer through a delegated relationship (DESIGN.md sections
 * 1, 2 and 3), decided in one place. The question is plain data: the deployment, who asks (the operator, a
 * member of the target's tenant with their roles, or a member of an indirect provider with their roles and
 * the provider's relationships with the customer), the action, and the target's roles. The answer is allowed,
 * or the rule that refuses, whose slug is the problem type. No framework or database type is involved, so the
 * whole table is checked by plain unit tests.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** What is asked. */
    public enum Action {
        /** A user recovers and resets their own password ("Can't access your account?"). */
        SELF_SERVICE_RESET,
        /** A tenant's {@code selfServiceReset} is turned off. */
        TURN_OFF_SELF_SERVICE,
        /** An admin of the tenant, or the operator (support), resets a user's password on their behalf. */
        ON_BEHALF_RESET,
        /** A provider's agent resets a password in a customer tenant through a relationship. */
        DELEGATED_RESET,
        /** A provider's agent creates a new global admin in a customer tenant through a relationship. */
        DELEGATED_GLOBAL_ADMIN_CREATION,
        /** A relationship is asked for (by a provider's agent) or created (by the operator). */
        CREATE_RELATIONSHIP,
        /** A pending relationship is approved by the customer. */
        APPROVE_RELATIONSHIP,
        /** A relationship is ended by either side. */
        TERMINATE_RELATIONSHIP,
        /** The relationships of a customer are listed. */
        LIST_RELATIONSHIPS
    }

    /** The state of a delegated-admin relationship as of now. */
    public enum RelationshipStatus { PENDING, ACTIVE, EXPIRED, TERMINATED }

    /** One relationship between the provider and the customer: its state and the roles it grants. */
    public record Grant(RelationshipStatus status, Set<Role> roles) {
    }

    /** Who asks. */
    public sealed interface Requester {
    }

    /** The operator token: the service's own support. */
    public record Operator() implements Requester {
    }

    /** A signed-in user of the tenant acted on; {@code self} when the target is that user. */
    public record Member(Set<Role> roles, boolean self) implements Requester {
        public Member(Set<Role> roles) {
            this(roles, false);
        }
    }

    /**
     * A signed-in user of an indirect provider acting on one of its customers, with every relationship between
     * the two (in any state).
     */
    public record ProviderMember(Set<Role> roles, List<Grant> relationships) implements Requester {
    }

    /** A signed-in user of some other tenant, with no standing here. */
    public record Outsider() implements Requester {
    }

    /** Nobody signed in: the user who cannot sign in and recovers on their own. */
    public record Anonymous() implements Requester {
    }

    /** A refusal: the rule that refused, whose slug is the problem type answered. */
    public enum Rule {
        SELF_SERVICE_DISABLED("self-service-disabled"),
        /** In 21vianet self-service cannot be turned off: it is the only way back in. */
        SELF_SERVICE_REQUIRED("conflict"),
        ON_BEHALF_RESET_BLOCKED("on-behalf-reset-blocked"),
        ROLE_NOT_PERMITTED("role-not-permitted"),
        NO_DELEGATED_RELATIONSHIP("no-delegated-relationship"),
        DELEGATION_NOT_AVAILABLE("delegation-not-available"),
        NOT_YOUR_TENANT("forbidden");

        private final String slug;

        Rule(String slug) {
            this.slug = slug;
        }

        /** The problem type's slug. */
        public String slug() {
            return slug;
        }

        /** The rule's own name, as audit events record it: {@code on-behalf-reset-blocked}, {@code not-your-tenant}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Allowed (no rule), or refused by a rule. */
    public record Decision(Rule refusal) {
        public static final Decision ALLOWED = new Decision(null);

        public boolean allowed() {
            return refusal == null;
        }

        static Decision refuse(Rule rule) {
            return new Decision(rule);
        }
    }

    /**
     * Decides an action. {@code targetRoles} are the roles of the user acted on (for a global admin to be
     * created: {@code GLOBAL_ADMIN}); {@code selfServiceOn} is the tenant's switch, read only for
     * {@link Action#SELF_SERVICE_RESET}.
     */
    public static Decision decide(Deployment deployment, Requester requester, Action action,
            Collection<Role> targetRoles, boolean selfServiceOn) {
        return switch (action) {
            case SELF_SERVICE_RESET -> deployment == Deployment.VIANET || selfServiceOn
                    ? Decision.ALLOWED : Decision.refuse(Rule.SELF_SERVICE_DISABLED);
            case TURN_OFF_SELF_SERVICE -> deployment == Deployment.VIANET
                    ? Decision.refuse(Rule.SELF_SERVICE_REQUIRED) : Decision.ALLOWED;
            case ON_BEHALF_RESET -> onBehalfReset(deployment, requester, targetRoles);
            case DELEGATED_RESET, DELEGATED_GLOBAL_ADMIN_CREATION ->
                    delegated(deployment, requester, targetRoles);
            case CREATE_RELATIONSHIP, APPROVE_RELATIONSHIP, TERMINATE_RELATIONSHIP, LIST_RELATIONSHIPS ->
                    relationship(deployment, requester, action);
        };
    }

    /** The same, for actions on a user (no tenant switch involved). */
    public static Decision decide(Deployment deployment, Requester requester, Action action,
            Collection<Role> targetRoles) {
        return decide(deployment, requester, action, targetRoles, true);
    }

    /**
     * Whether the deployment allows an action to its strongest requester (the operator; for delegated actions a
     * provider's agent holding an active relationship that grants every role): what {@code GET
     * /api/v1/deployment} tells. Derived from {@link #decide}, so the two cannot disagree.
     */
    public static boolean deploymentAllows(Deployment deployment, Action action) {
        Requester strongest = switch (action) {
            case DELEGATED_RESET, DELEGATED_GLOBAL_ADMIN_CREATION -> new ProviderMember(EnumSet.of(Role.ADMIN_AGENT),
                    List.of(new Grant(RelationshipStatus.ACTIVE, EnumSet.of(Role.GLOBAL_ADMIN))));
            default -> new Operator();
        };
        Set<Role> target = action == Action.DELEGATED_GLOBAL_ADMIN_CREATION ? EnumSet.of(Role.GLOBAL_ADMIN)
                : EnumSet.noneOf(Role.class);
        return decide(deployment, strongest, action, target, true).allowed();
    }

    // Section 1, then section 2: the deployment first, whoever asks; then the role matrix.
    private static Decision onBehalfReset(Deployment deployment, Requester requester, Collection<Role> targetRoles) {
        if (deployment == Deployment.VIANET) {
            return Decision.refuse(Rule.ON_BEHALF_RESET_BLOCKED);
        }
        return switch (requester) {
            case Operator operator -> Decision.ALLOWED;
            // Nobody resets their own password through the admin endpoint.
            case Member member when member.self() -> Decision.refuse(Rule.ROLE_NOT_PERMITTED);
            case Member member -> RoleMatrix.mayManage(member.roles(), targetRoles)
                    ? Decision.ALLOWED : Decision.refuse(Rule.ROLE_NOT_PERMITTED);
            case ProviderMember provider -> Decision.refuse(Rule.NOT_YOUR_TENANT);
            case Outsider outsider -> Decision.refuse(Rule.NOT_YOUR_TENANT);
            case Anonymous anonymous -> Decision.refuse(Rule.NOT_YOUR_TENANT);
        };
    }

    // Section 3: only a provider's ADMIN_AGENT, only through an active relationship, only with its roles.
    private static Decision delegated(Deployment deployment, Requester requester, Collection<Role> targetRoles) {
        if (deployment == Deployment.VIANET) {
            return Decision.refuse(Rule.DELEGATION_NOT_AVAILABLE);
        }
        if (!(requester instanceof ProviderMember provider)) {
            return Decision.refuse(requester instanceof Member ? Rule.ROLE_NOT_PERMITTED : Rule.NOT_YOUR_TENANT);
        }
        if (!provider.roles().contains(Role.ADMIN_AGENT)) {
            return Decision.refuse(Rule.ROLE_NOT_PERMITTED);
        }
        Set<Role> granted = activeRoles(provider.relationships());
        if (granted.isEmpty()) {
            return Decision.refuse(Rule.NO_DELEGATED_RELATIONSHIP);
        }
        return RoleMatrix.mayManage(granted, targetRoles) ? Decision.ALLOWED : Decision.refuse(Rule.ROLE_NOT_PERMITTED);
    }

    private static Decision relationship(Deployment deployment, Requester requester, Action action) {
        if (deployment == Deployment.VIANET) {
            return Decision.refuse(Rule.DELEGATION_NOT_AVAILABLE);
        }
        boolean allowed = switch (requester) {
            case Operator operator -> true;
            case Member member -> switch (action) {
                // The customer's global admins consent, end, and see; they do not ask on a provider's behalf.
                case APPROVE_RELATIONSHIP, TERMINATE_RELATIONSHIP, LIST_RELATIONSHIPS ->
                        member.roles().contains(Role.GLOBAL_ADMIN);
                default -> false;
            };
            case ProviderMember provider -> switch (action) {
                case CREATE_RELATIONSHIP -> provider.roles().contains(Role.ADMIN_AGENT);
                case TERMINATE_RELATIONSHIP, LIST_RELATIONSHIPS -> provider.roles().contains(Role.ADMIN_AGENT)
                        || provider.roles().contains(Role.GLOBAL_ADMIN);
                default -> false;
            };
            case Outsider outsider -> false;
            case Anonymous anonymous -> false;
        };
        if (allowed) {
            return Decision.ALLOWED;
        }
        return Decision.refuse(requester instanceof Member || requester instanceof ProviderMember
                ? Rule.ROLE_NOT_PERMITTED : Rule.NOT_YOUR_TENANT);
    }

    /** Every role granted by an active relationship. */
    private static Set<Role> activeRoles(List<Grant> relationships) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        relationships.stream().filter(g -> g.status() == RelationshipStatus.ACTIVE).forEach(g -> roles.addAll(g.roles()));
        return roles;
    }
}
