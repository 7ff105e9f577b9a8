package dev.identity.directory;

import dev.identity.platform.Jdbc;
import dev.identity.policy.UserNames;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users, always looked up within a tenant, in SQL like every statement on {@code app_user}: the hot paths
 * (sign-in, recovery-start, storing a password, the import) write their own single statements on the same table,
 * and one way in keeps the columns spelt the same. A password is never changed here (credential/CredentialService
 * does that); a new user's first hash, which CredentialService made, is stored with the user.
 */
@ApplicationScoped
public class UserRepository {

    private static final String COLUMNS = """
            id, tenant_id, user_name, user_name_key, display_name, email, email_verified, roles, locale, enabled,
            password_hash, password_change_required, password_changed_at, password_epoch, created_at, updated_at,
            version""";

    private final Jdbc jdbc;

    UserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The user of that id, or null. */
    public User findById(UUID id) {
        return jdbc.first("select " + COLUMNS + " from app_user where id = ?", UserRepository::user, id).orElse(null);
    }

    public Optional<User> findByUserName(UUID tenantId, String userName) {
        return jdbc.first("select " + COLUMNS + " from app_user where tenant_id = ? and user_name_key = ?",
                UserRepository::user, tenantId, UserNames.key(userName));
    }

    public Optional<User> findInTenant(UUID tenantId, UUID userId) {
        return jdbc.first("select " + COLUMNS + " from app_user where tenant_id = ? and id = ?", UserRepository::user,
                tenantId, userId);
    }

    public User requireInTenant(UUID tenantId, UUID userId) {
        return findInTenant(tenantId, userId)
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such user in this tenant."));
    }

    /** A page of users ordered by their user-name key, after the given user-name key. */
    public List<User> page(UUID tenantId, String afterUserName, int limit) {
        if (afterUserName == null) {
            return jdbc.list("select " + COLUMNS + " from app_user where tenant_id = ? order by user_name_key limit ?",
                    UserRepository::user, tenantId, limit);
        }
        return jdbc.list("select " + COLUMNS + " from app_user where tenant_id = ? and user_name_key > ? "
                + "order by user_name_key limit ?", UserRepository::user, tenantId, UserNames.key(afterUserName),
                limit);
    }

    public List<User> enabledGlobalAdmins(UUID tenantId) {
        return jdbc.list("select " + COLUMNS + " from app_user where tenant_id = ? and enabled "
                + "and 'GLOBAL_ADMIN' = any (roles) order by user_name", UserRepository::user, tenantId);
    }

    public long countEnabledGlobalAdmins(UUID tenantId) {
        return jdbc.first("select count(*) from app_user where tenant_id = ? and enabled "
                + "and 'GLOBAL_ADMIN' = any (roles)", row -> row.getLong(1), tenantId).orElse(0L);
    }

    /** Stores a new user, made by {@link User#create}. */
    public void insert(User user) {
        jdbc.update(Jdbc.Statement.of("""
                insert into app_user (id, tenant_id, user_name, user_name_key, display_name, email, email_verified,
                    roles, locale, enabled, password_hash, password_change_required, password_changed_at, created_at,
                    updated_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""", user.id, user.tenantId, user.userName,
                user.userNameKey, user.displayName, user.email, user.emailVerified, user.roles, user.locale,
                user.enabled, user.passwordHash, user.passwordChangeRequired, user.passwordChangedAt, user.createdAt,
                user.updatedAt));
    }

    /**
     * Stores what may change of a user outside a password change (names, address, roles, locale, whether enabled),
     * only if nobody changed the user since it was read: else 409 conflict and nothing is stored.
     */
    public void update(User user) {
        int updated = jdbc.update(Jdbc.Statement.of("""
                update app_user set display_name = ?, email = ?, email_verified = ?, roles = ?, locale = ?,
                    enabled = ?, updated_at = ?, version = version + 1
                where id = ? and version = ?""", user.displayName, user.email, user.emailVerified, user.roles,
                user.locale, user.enabled, user.updatedAt, user.id, user.version));
        if (updated != 1) {
            throw ProblemException.of(ProblemType.CONFLICT, "The user was changed meanwhile; try again.");
        }
        user.version++;
    }

    private static User user(ResultSet row) throws SQLException {
        User user = new User();
        user.id = row.getObject(1, UUID.class);
        user.tenantId = row.getObject(2, UUID.class);
        user.userName = row.getString(3);
        user.userNameKey = row.getString(4);
        user.displayName = row.getString(5);
        user.email = row.getString(6);
        user.emailVerified = row.getBoolean(7);
        user.roles = (String[]) row.getArray(8).getArray();
        user.locale = row.getString(9);
        user.enabled = row.getBoolean(10);
        user.passwordHash = row.getString(11);
        user.passwordChangeRequired = row.getBoolean(12);
        user.passwordChangedAt = Jdbc.instant(row, 13);
        user.passwordEpoch = row.getLong(14);
        user.createdAt = Jdbc.instant(row, 15);
        user.updatedAt = Jdbc.instant(row, 16);
        user.version = row.getLong(17);
        return user;
    }
}
