package dev.identity.directory;

import dev.identity.policy.UserNames;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users, always looked up within a tenant. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Optional<User> findByUserName(UUID tenantId, String userName) {
        return find("tenantId = ?1 and userNameKey = ?2", tenantId, UserNames.key(userName))
                .firstResultOptional();
    }

    public Optional<User> findInTenant(UUID tenantId, UUID userId) {
        return find("tenantId = ?1 and id = ?2", tenantId, userId).firstResultOptional();
    }

    public User requireInTenant(UUID tenantId, UUID userId) {
        return findInTenant(tenantId, userId)
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such user in this tenant."));
    }

    /** A page of users ordered by their user-name key, after the given user name. */
    public List<User> page(UUID tenantId, String afterUserName, int limit) {
        if (afterUserName == null) {
            return find("tenantId = ?1 order by userNameKey", tenantId).page(0, limit).list();
        }
        return find("tenantId = ?1 and userNameKey > ?2 order by userNameKey", tenantId,
                UserNames.key(afterUserName)).page(0, limit).list();
    }

    public List<User> enabledGlobalAdmins(UUID tenantId) {
        return getEntityManager().createNativeQuery("select * from app_user where tenant_id = ?1 and enabled "
                + "and 'GLOBAL_ADMIN' = any (roles) order by user_name", User.class).setParameter(1, tenantId)
                .getResultList();
    }

    public long countEnabledGlobalAdmins(UUID tenantId) {
        return getEntityManager().createNativeQuery(
                "select count(*) from app_user where tenant_id = ?1 and enabled and 'GLOBAL_ADMIN' = any (roles)",
                Long.class).setParameter(1, tenantId).getSingleResult() instanceof Long n ? n : 0L;
    }
}
