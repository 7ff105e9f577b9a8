package dev.identity.policy;

import static dev.identity.policy.AccessPolicy.Action.APPROVE_RELATIONSHIP;
import static dev.identity.policy.AccessPolicy.Action.CREATE_RELATIONSHIP;
import static dev.identity.policy.AccessPolicy.Action.DELEGATED_GLOBAL_ADMIN_CREATION;
import static dev.identity.policy.AccessPolicy.Action.DELEGATED_RESET;
import static dev.identity.policy.AccessPolicy.Action.LIST_RELATIONSHIPS;
import static dev.identity.policy.AccessPolicy.Action.ON_BEHALF_RESET;
import static dev.identity.policy.AccessPolicy.Action.SELF_SERVICE_RESET;
import static dev.identity.policy.AccessPolicy.Action.TERMINATE_RELATIONSHIP;
import static dev.identity.policy.AccessPolicy.Action.TURN_OFF_SELF_SERVICE;
import static dev.identity.policy.AccessPolicy.RelationshipStatus.ACTIVE;
import static dev.identity.policy.AccessPolicy.RelationshipStatus.EXPIRED;
import static dev.identity.policy.AccessPolicy.RelationshipStatus.PENDING;
import static dev.identity.policy.AccessPolicy.RelationshipStatus.TERMINATED;
import static dev.identity.policy.AccessPolicy.Rule.DELEGATION_NOT_AVAILABLE;
import static dev.identity.policy.AccessPolicy.Rule.NOT_YOUR_TENANT;
import static dev.identity.policy.AccessPolicy.Rule.NO_DELEGATED_RELATIONSHIP;
import static dev.identity.policy.AccessPolicy.Rule.ON_BEHALF_RESET_BLOCKED;
import static dev.identity.policy.AccessPolicy.Rule.ROLE_NOT_PERMITTED;
import static dev.identity.policy.AccessPolicy.Rule.SELF_SERVICE_DISABLED;
import static dev.identity.policy.AccessPolicy.Rule.SELF_SERVICE_REQUIRED;
import static dev.identity.policy.Deployment.GLOBAL;
import static dev.identity.policy.Deployment.VIANET;
import static dev.identity.policy.Role.ADMIN_AGENT;
import static dev.identity.policy.Role.GLOBAL_ADMIN;
import static dev.identity.policy.Role.HELPDESK_ADMIN;
import static dev.identity.policy.Role.PASSWORD_ADMIN;
import static dev.identity.policy.Role.USER_ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.policy.AccessPolicy.Action;
import dev.identity.policy.AccessPolicy.Grant;
import dev.identity.policy.AccessPolicy.Member;
import dev.identity.policy.AccessPolicy.Operator;
import dev.identity.policy.AccessPolicy.Outsider;
import dev.identity.policy.AccessPolicy.ProviderMember;
import dev.identity.policy.AccessPolicy.Requester;
import dev.identity.policy.AccessPolicy.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of DESIGN.md sections 1 and 2 (and the refusals of section 3), for both deployments, against the
 * one policy component. {@code null} as the expected rule means allowed. The README shows the same tables.
 */
class AccessPolicyTest {

    private static final Set<Role> PLAIN = EnumSet.noneOf(Role.class);
    private static final List<Set<Role>> TARGETS = List.of(PLAIN, EnumSet.of(PASSWORD_ADMIN),
            EnumSet.of(HELPDESK_ADMIN), EnumSet.of(USER_ADMIN), EnumSet.of(GLOBAL_ADMIN));

    /** Section 2: rows are the caller's role; columns plain, PASSWORD_ADMIN, HELPDESK_ADMIN, USER_ADMIN, GLOBAL_ADMIN. */
    private static final Object[][] MATRIX = {
        {EnumSet.of(GLOBAL_ADMIN), new boolean[] {true, true, true, true, true}},
        {EnumSet.of(USER_ADMIN), new boolean[] {true, true, true, true, false}},
        {EnumSet.of(HELPDESK_ADMIN), new boolean[] {true, true, true, false, false}},
        {EnumSet.of(PASSWORD_ADMIN), new boolean[] {true, true, false, false, false}},
        {PLAIN, new boolean[] {false, false, false, false, false}},
        {EnumSet.of(ADMIN_AGENT), new boolean[] {false, false, false, false, false}},
    };

    private static Arguments cell(Deployment deployment, Requester requester, Action action, Set<Role> target,
            boolean selfServiceOn, Rule expected) {
        String name = "%s: %s %s on %s%s -> %s".formatted(deployment.slug(), describe(requester), action, target,
                action == SELF_SERVICE_RESET ? (selfServiceOn ? " (switch on)" : " (switch off)") : "",
                expected == null ? "allowed" : expected.slug());
        return Arguments.of(Named.of(name, deployment), requester, action, target, selfServiceOn, expected);
    }

    private static String describe(Requester requester) {
        return switch (requester) {
            case Operator o -> "operator";
            case Member m -> (m.self() ? "self " : "member ") + m.roles();
            case ProviderMember p -> "provider " + p.roles() + " with " + p.relationships();
            case Outsider o -> "another tenant's user";
            case AccessPolicy.Anonymous a -> "anyone";
        };
    }

    private static ProviderMember agent(Grant... grants) {
        return new ProviderMember(EnumSet.of(ADMIN_AGENT), List.of(grants));
    }

    private static Grant grant(AccessPolicy.RelationshipStatus status, Role... roles) {
        return new Grant(status, roles.length == 0 ? PLAIN : EnumSet.copyOf(List.of(roles)));
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        // Section 1, self-service: always in 21vianet; in global only with the tenant's switch on.
        Requester anyone = new AccessPolicy.Anonymous();
        cells.add(cell(GLOBAL, anyone, SELF_SERVICE_RESET, PLAIN, true, null));
        cells.add(cell(GLOBAL, anyone, SELF_SERVICE_RESET, EnumSet.of(GLOBAL_ADMIN), true, null));
        cells.add(cell(GLOBAL, anyone, SELF_SERVICE_RESET, PLAIN, false, SELF_SERVICE_DISABLED));
        cells.add(cell(VIANET, anyone, SELF_SERVICE_RESET, PLAIN, true, null));
        cells.add(cell(VIANET, anyone, SELF_SERVICE_RESET, PLAIN, false, null));
        cells.add(cell(VIANET, anyone, SELF_SERVICE_RESET, EnumSet.of(GLOBAL_ADMIN), false, null));
        cells.add(cell(GLOBAL, new Member(EnumSet.of(GLOBAL_ADMIN)), TURN_OFF_SELF_SERVICE, PLAIN, true, null));
        cells.add(cell(VIANET, new Member(EnumSet.of(GLOBAL_ADMIN)), TURN_OFF_SELF_SERVICE, PLAIN, true,
                SELF_SERVICE_REQUIRED));
        cells.add(cell(VIANET, new Operator(), TURN_OFF_SELF_SERVICE, PLAIN, true, SELF_SERVICE_REQUIRED));

        // Sections 1 and 2, on behalf: the matrix in global; blocked for every caller in 21vianet.
        for (Object[] row : MATRIX) {
            Set<Role> caller = (Set<Role>) row[0];
            boolean[] allowed = (boolean[]) row[1];
            for (int i = 0; i < TARGETS.size(); i++) {
                cells.add(cell(GLOBAL, new Member(caller), ON_BEHALF_RESET, TARGETS.get(i), true,
                        allowed[i] ? null : ROLE_NOT_PERMITTED));
                cells.add(cell(VIANET, new Member(caller), ON_BEHALF_RESET, TARGETS.get(i), true,
                        ON_BEHALF_RESET_BLOCKED));
            }
        }
        for (Set<Role> target : TARGETS) {
            cells.add(cell(GLOBAL, new Operator(), ON_BEHALF_RESET, target, true, null));
            cells.add(cell(VIANET, new Operator(), ON_BEHALF_RESET, target, true, ON_BEHALF_RESET_BLOCKED));
        }
        cells.add(cell(GLOBAL, new Member(EnumSet.of(GLOBAL_ADMIN), true), ON_BEHALF_RESET, EnumSet.of(GLOBAL_ADMIN),
                true, ROLE_NOT_PERMITTED));
        cells.add(cell(GLOBAL, new Outsider(), ON_BEHALF_RESET, PLAIN, true, NOT_YOUR_TENANT));
        cells.add(cell(GLOBAL, agent(grant(ACTIVE, GLOBAL_ADMIN)), ON_BEHALF_RESET, PLAIN, true, NOT_YOUR_TENANT));
        cells.add(cell(VIANET, new Outsider(), ON_BEHALF_RESET, PLAIN, true, ON_BEHALF_RESET_BLOCKED));
        cells.add(cell(GLOBAL, new Member(PLAIN, true), ON_BEHALF_RESET, PLAIN, true, ROLE_NOT_PERMITTED));

        // Sections 1 and 3, delegated reset: an agent through an active relationship, under the matrix.
        for (Object[] row : MATRIX) {
            Set<Role> granted = (Set<Role>) row[0];
            if (granted.isEmpty() || granted.contains(ADMIN_AGENT)) {
                continue;
            }
            boolean[] allowed = (boolean[]) row[1];
            for (int i = 0; i < TARGETS.size(); i++) {
                Grant active = new Grant(ACTIVE, granted);
                cells.add(cell(GLOBAL, agent(active), DELEGATED_RESET, TARGETS.get(i), true,
                        allowed[i] ? null : ROLE_NOT_PERMITTED));
                cells.add(cell(VIANET, agent(active), DELEGATED_RESET, TARGETS.get(i), true,
                        DELEGATION_NOT_AVAILABLE));
            }
        }
        for (AccessPolicy.RelationshipStatus status : List.of(PENDING, EXPIRED, TERMINATED)) {
            cells.add(cell(GLOBAL, agent(grant(status, GLOBAL_ADMIN)), DELEGATED_RESET, PLAIN, true,
                    NO_DELEGATED_RELATIONSHIP));
            cells.add(cell(GLOBAL, agent(grant(status, GLOBAL_ADMIN)), DELEGATED_GLOBAL_ADMIN_CREATION,
                    EnumSet.of(GLOBAL_ADMIN), true, NO_DELEGATED_RELATIONSHIP));
        }
        cells.add(cell(GLOBAL, agent(), DELEGATED_RESET, PLAIN, true, NO_DELEGATED_RELATIONSHIP));
        cells.add(cell(GLOBAL, agent(grant(EXPIRED, GLOBAL_ADMIN), grant(ACTIVE, PASSWORD_ADMIN)), DELEGATED_RESET,
                EnumSet.of(PASSWORD_ADMIN), true, null));
        cells.add(cell(GLOBAL, agent(grant(EXPIRED, GLOBAL_ADMIN), grant(ACTIVE, PASSWORD_ADMIN)), DELEGATED_RESET,
                EnumSet.of(USER_ADMIN), true, ROLE_NOT_PERMITTED));
        cells.add(cell(GLOBAL, new ProviderMember(PLAIN, List.of(grant(ACTIVE, GLOBAL_ADMIN))), DELEGATED_RESET, PLAIN,
                true, ROLE_NOT_PERMITTED));
        cells.add(cell(GLOBAL, new ProviderMember(EnumSet.of(GLOBAL_ADMIN), List.of(grant(ACTIVE, GLOBAL_ADMIN))),
                DELEGATED_RESET, PLAIN, true, ROLE_NOT_PERMITTED));
        cells.add(cell(GLOBAL, new Member(EnumSet.of(GLOBAL_ADMIN)), DELEGATED_RESET, PLAIN, true, ROLE_NOT_PERMITTED));
        cells.add(cell(GLOBAL, new Operator(), DELEGATED_RESET, PLAIN, true, NOT_YOUR_TENANT));
        cells.add(cell(GLOBAL, new Outsider(), DELEGATED_RESET, PLAIN, true, NOT_YOUR_TENANT));

        // Sections 1 and 3, a new global admin: only a relationship that grants GLOBAL_ADMIN.
        cells.add(cell(GLOBAL, agent(grant(ACTIVE, GLOBAL_ADMIN)), DELEGATED_GLOBAL_ADMIN_CREATION,
                EnumSet.of(GLOBAL_ADMIN), true, null));
        cells.add(cell(GLOBAL, agent(grant(ACTIVE, USER_ADMIN, HELPDESK_ADMIN)), DELEGATED_GLOBAL_ADMIN_CREATION,
                EnumSet.of(GLOBAL_ADMIN), true, ROLE_NOT_PERMITTED));
        cells.add(cell(VIANET, agent(grant(ACTIVE, GLOBAL_ADMIN)), DELEGATED_GLOBAL_ADMIN_CREATION,
                EnumSet.of(GLOBAL_ADMIN), true, DELEGATION_NOT_AVAILABLE));

        // Sections 1 and 3, relationships: asked by an agent or made by the operator, approved by the customer's
        // global admin, ended by either side; none of it in 21vianet.
        Member customerGa = new Member(EnumSet.of(GLOBAL_ADMIN));
        Member customerUa = new Member(EnumSet.of(USER_ADMIN));
        ProviderMember providerGa = new ProviderMember(EnumSet.of(GLOBAL_ADMIN), List.of());
        ProviderMember providerPlain = new ProviderMember(PLAIN, List.of());
        Object[][] relationships = {
            {agent(), CREATE_RELATIONSHIP, null}, {new Operator(), CREATE_RELATIONSHIP, null},
            {providerGa, CREATE_RELATIONSHIP, ROLE_NOT_PERMITTED}, {customerGa, CREATE_RELATIONSHIP, ROLE_NOT_PERMITTED},
            {new Outsider(), CREATE_RELATIONSHIP, NOT_YOUR_TENANT},
            {customerGa, APPROVE_RELATIONSHIP, null}, {new Operator(), APPROVE_RELATIONSHIP, null},
            {customerUa, APPROVE_RELATIONSHIP, ROLE_NOT_PERMITTED}, {agent(), APPROVE_RELATIONSHIP, ROLE_NOT_PERMITTED},
            {customerGa, TERMINATE_RELATIONSHIP, null}, {agent(), TERMINATE_RELATIONSHIP, null},
            {providerGa, TERMINATE_RELATIONSHIP, null}, {new Operator(), TERMINATE_RELATIONSHIP, null},
            {customerUa, TERMINATE_RELATIONSHIP, ROLE_NOT_PERMITTED},
            {providerPlain, TERMINATE_RELATIONSHIP, ROLE_NOT_PERMITTED},
            {customerGa, LIST_RELATIONSHIPS, null}, {agent(), LIST_RELATIONSHIPS, null},
            {customerUa, LIST_RELATIONSHIPS, ROLE_NOT_PERMITTED}, {new Outsider(), LIST_RELATIONSHIPS, NOT_YOUR_TENANT},
        };
        for (Object[] row : relationships) {
            cells.add(cell(GLOBAL, (Requester) row[0], (Action) row[1], PLAIN, true, (Rule) row[2]));
            cells.add(cell(VIANET, (Requester) row[0], (Action) row[1], PLAIN, true, DELEGATION_NOT_AVAILABLE));
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void whenTheDeploymentCallerActionAndTargetAreGivenThenTheOutcomeIsTheDesignsCell(Deployment deployment,
            Requester requester, Action action, Set<Role> target, boolean selfServiceOn, Rule expected) {
        assertEquals(expected, AccessPolicy.decide(deployment, requester, action, target, selfServiceOn).refusal());
    }

    @Test
    void whenTheDeploymentIsDescribedThenGlobalAllowsEveryPathAnd21vianetOnlySelfService() {
        for (Action action : List.of(SELF_SERVICE_RESET, ON_BEHALF_RESET, DELEGATED_RESET,
                DELEGATED_GLOBAL_ADMIN_CREATION, CREATE_RELATIONSHIP, TURN_OFF_SELF_SERVICE)) {
            assertTrue(AccessPolicy.deploymentAllows(GLOBAL, action), action.name());
            assertEquals(action == SELF_SERVICE_RESET, AccessPolicy.deploymentAllows(VIANET, action), action.name());
        }
    }

    @Test
    void whenTheDeploymentIsNamedThenOnlyGlobalAnd21vianetAreKnown() {
        assertEquals(GLOBAL, Deployment.of("global"));
        assertEquals(VIANET, Deployment.of(" 21Vianet "));
        assertThrows(IllegalArgumentException.class, () -> Deployment.of("china"));
        assertThrows(IllegalArgumentException.class, () -> Deployment.of(null));
    }
}
