package dev.identity.policy;

import java.util.Collection;
import java.util.Set;

/**
 * Who may act on whom inside one tenant (DESIGN.md section 2), modelled on the directory roles of the
 * major cloud identity platforms. A target is protected by its strongest role; the same matrix governs
 * password resets on behalf, creating users and granting roles. Pure Java: no framework types.
 */
public final class RoleMatrix {

    private RoleMatrix() {
    }

    /** Whether a caller holding {@code callerRoles} may manage (reset, edit) a user holding {@code targetRoles}. */
    public static boolean mayManage(Collection<Role> callerRoles, Collection<Role> targetRoles) {
        if (callerRoles.contains(Role.GLOBAL_ADMIN)) {
            return true;
        }
        int caller = managingRank(callerRoles);
        return caller > 0 && Role.protection(targetRoles) <= caller;
    }

    /** Whether the caller may give a user exactly {@code roles}: nobody grants a role stronger than their own. */
    public static boolean mayGrant(Collection<Role> callerRoles, Collection<Role> roles) {
        return mayManage(callerRoles, roles);
    }

    /** Whether the caller can manage anyone at all in their own tenant. */
    public static boolean isTenantAdmin(Collection<Role> callerRoles) {
        return managingRank(callerRoles) > 0 || callerRoles.contains(Role.GLOBAL_ADMIN);
    }

    /** The rank up to which a caller manages others; ADMIN_AGENT manages nobody in its own tenant. */
    private static int managingRank(Collection<Role> callerRoles) {
        return Role.protection(callerRoles.stream().filter(r -> r != Role.ADMIN_AGENT).toList());
    }

    /** The roles that only exist in indirect-provider tenants. */
    public static Set<Role> providerOnlyRoles() {
        return Set.of(Role.ADMIN_AGENT);
    }
}
