package dev.identity.directory;

import dev.identity.policy.Role;
import dev.identity.policy.UserNames;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user of a tenant with their credential. Never leaves the service as it is: see {@code UserView}. */
@Entity
@Table(name = "app_user")
public class User {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;
    @Column(name = "user_name", nullable = false)
    public String userName;
    /** {@link UserNames#key} of the user name, unique per tenant: what every lookup by name compares. */
    @Column(name = "user_name_key", nullable = false)
    public String userNameKey;
    @Column(name = "display_name", nullable = false)
    public String displayName;
    @Column(nullable = false)
    public String email;
    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] roles = new String[0];
    public String locale;
    @Column(nullable = false)
    public boolean enabled = true;
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "password_change_required", nullable = false)
    public boolean passwordChangeRequired;
    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;
    /**
     * Moves on with every password change or reset, in the statement that stores the hash (never written through
     * this entity): a session is good only while it carries the current epoch.
     */
    @Column(name = "password_epoch", nullable = false, insertable = false, updatable = false)
    public long passwordEpoch;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Version
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
