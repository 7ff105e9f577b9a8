package dev.identity.policy;

import static dev.identity.policy.Role.ADMIN_AGENT;
import static dev.identity.policy.Role.GLOBAL_ADMIN;
import static dev.identity.policy.Role.HELPDESK_ADMIN;
import static dev.identity.policy.Role.PASSWORD_ADMIN;
import static dev.identity.policy.Role.USER_ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every cell of DESIGN.md section 2's matrix: which caller role may manage which target. */
class RoleMatrixTest {

    private static final Set<Role> PLAIN = EnumSet.noneOf(Role.class);
    private static final List<Set<Role>> TARGETS = List.of(PLAIN, EnumSet.of(PASSWORD_ADMIN),
            EnumSet.of(HELPDESK_ADMIN), EnumSet.of(USER_ADMIN), EnumSet.of(GLOBAL_ADMIN), EnumSet.of(ADMIN_AGENT));

    /** Rows: caller; columns: plain, PASSWORD_ADMIN, HELPDESK_ADMIN, USER_ADMIN, GLOBAL_ADMIN, ADMIN_AGENT. */
    private static final Object[][] MATRIX = {
        {EnumSet.of(GLOBAL_ADMIN), new boolean[] {true, true, true, true, true, true}},
        {EnumSet.of(USER_ADMIN), new boolean[] {true, true, true, true, false, false}},
        {EnumSet.of(HELPDESK_ADMIN), new boolean[] {true, true, true, false, false, false}},
        {EnumSet.of(PASSWORD_ADMIN), new boolean[] {true, true, false, false, false, false}},
        {PLAIN, new boolean[] {false, false, false, false, false, false}},
        {EnumSet.of(ADMIN_AGENT), new boolean[] {false, false, false, false, false, false}},
    };

    @Test
    @SuppressWarnings("unchecked")
    void whenCallerHasRoleThenMayManageExactlyTheTargetsOfTheMatrix() {
        for (Object[] row : MATRIX) {
            Set<Role> caller = (Set<Role>) row[0];
            boolean[] expected = (boolean[]) row[1];
            for (int i = 0; i < TARGETS.size(); i++) {
                assertEquals(expected[i], RoleMatrix.mayManage(caller, TARGETS.get(i)),
                        caller + " managing " + TARGETS.get(i));
            }
        }
    }

    @Test
    void whenTargetHoldsSeveralRolesThenTheStrongestProtectsIt() {
        assertFalse(RoleMatrix.mayManage(EnumSet.of(HELPDESK_ADMIN), EnumSet.of(PASSWORD_ADMIN, USER_ADMIN)));
        assertFalse(RoleMatrix.mayManage(EnumSet.of(USER_ADMIN), EnumSet.of(PASSWORD_ADMIN, GLOBAL_ADMIN)));
        assertTrue(RoleMatrix.mayManage(EnumSet.of(USER_ADMIN), EnumSet.of(PASSWORD_ADMIN, HELPDESK_ADMIN)));
    }

    @Test
    void whenCallerHoldsSeveralRolesThenTheStrongestCounts() {
        assertTrue(RoleMatrix.mayManage(EnumSet.of(PASSWORD_ADMIN, USER_ADMIN), EnumSet.of(HELPDESK_ADMIN)));
        assertTrue(RoleMatrix.mayManage(EnumSet.of(ADMIN_AGENT, GLOBAL_ADMIN), EnumSet.of(USER_ADMIN)));
    }

    @Test
    void whenGrantingThenNobodyGrantsARoleStrongerThanTheirOwn() {
        assertTrue(RoleMatrix.mayGrant(EnumSet.of(USER_ADMIN), EnumSet.of(HELPDESK_ADMIN, PASSWORD_ADMIN)));
        assertFalse(RoleMatrix.mayGrant(EnumSet.of(USER_ADMIN), EnumSet.of(GLOBAL_ADMIN)));
        assertFalse(RoleMatrix.mayGrant(EnumSet.of(HELPDESK_ADMIN), EnumSet.of(USER_ADMIN)));
        assertFalse(RoleMatrix.mayGrant(EnumSet.of(PASSWORD_ADMIN), EnumSet.of(HELPDESK_ADMIN)));
        assertTrue(RoleMatrix.mayGrant(EnumSet.of(PASSWORD_ADMIN), PLAIN));
        assertFalse(RoleMatrix.mayGrant(PLAIN, PLAIN));
        assertTrue(RoleMatrix.mayGrant(EnumSet.of(GLOBAL_ADMIN), EnumSet.of(GLOBAL_ADMIN, ADMIN_AGENT)));
    }
}
