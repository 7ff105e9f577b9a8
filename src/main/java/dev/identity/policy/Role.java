package dev.identity.policy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** Directory roles. The rank orders how strongly a role protects its holder and what its holder may manage. */
public enum Role {
    PASSWORD_ADMIN(1),
    HELPDESK_ADMIN(2),
    USER_ADMIN(3),
    GLOBAL_ADMIN(4),
    /** A provider's agent: acts in customer tenants through a relationship, manages nobody at home. */
    ADMIN_AGENT(4);

    private final int protection;

    Role(int protection) {
        this.protection = protection;
    }

    /** How strongly the roles protect their holder: the strongest role counts; a plain user is 0. */
    public static int protection(Collection<Role> roles) {
        return roles.stream().mapToInt(r -> r.protection).max().orElse(0);
    }

    /** The roles named, as a column of role names stores them. */
    public static Set<Role> setOf(String[] names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            roles.add(valueOf(name));
        }
        return roles;
    }

    /** Whether any of the roles is an admin role (all but none). */
    public static boolean anyAdmin(Collection<Role> roles) {
        return !roles.isEmpty();
    }
}
