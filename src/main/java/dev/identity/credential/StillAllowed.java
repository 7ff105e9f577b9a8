package dev.identity.credential;

import dev.identity.policy.Role;
import java.util.Set;

/**
 * A decision taken again under the target's row lock, just before a new password is stored (DESIGN.md 2 and 3):
 * the role matrix against the target's roles as they are now, and for a delegated reset the relationship as it
 * is now. Throws the refusal's problem (audited) to store nothing. A reset decided before the hash is not
 * decided for good: the target may be promoted, or the relationship ended, while the hash is computed.
 */
@FunctionalInterface
public interface StillAllowed {
    /** For changes the user makes themselves, where no one else's right is at stake. */
    StillAllowed ALWAYS = targetRoles -> {
    };

    void check(Set<Role> targetRoles);
}
