package dev.identity.directory;

import dev.identity.policy.Role;
import dev.identity.policy.UserNames;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A user of a tenant with their credential. Never leaves the service as it is: see {@code UserView}. */
public class User {

    public UUID id;
    public UUID tenantId;
    public String userName;
    /** {@link UserNames#key} of the user name, unique per tenant: what every lookup by name compares. */
    public String userNameKey;
    public String displayName;
    public String email;
    public boolean emailVerified;
    public String[] roles = new String[0];
    public String locale;
    public boolean enabled = true;
    public String passwordHash;
    public boolean passwordChangeRequired;
    public Instant passwordChangedAt;
    /**
     * Moves on with every password change or reset, in the statement that stores the hash (never written by
     * UserRepository): a session is good only while it carries the current epoch.
     */
    public long passwordEpoch;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;

    /** A new enabled user with a password already hashed, not yet stored. */
    public static User create(UUID tenantId, String userName, String displayName, String email, Set<Role> roles,
            String locale, String passwordHash, boolean passwordChangeRequired, Instant now) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.tenantId = tenantId;
        user.userName = userName;
        user.userNameKey = UserNames.key(userName);
        user.displayName = displayName;
        user.email = email;
        // An address set by an admin or the operator counts as verified; the user changes it only by a code.
        user.emailVerified = true;
        user.setRoles(roles);
        user.locale = locale;
        user.passwordHash = passwordHash;
        user.passwordChangeRequired = passwordChangeRequired;
        user.passwordChangedAt = now;
        user.createdAt = now;
        user.updatedAt = now;
        return user;
    }

    public Set<Role> roleSet() {
        return Role.setOf(roles);
    }

    public void setRoles(Set<Role> newRoles) {
        this.roles = newRoles.stream().sorted().map(Role::name).toArray(String[]::new);
    }
}
