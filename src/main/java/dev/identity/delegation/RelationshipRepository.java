package dev.identity.delegation;

import dev.identity.policy.AccessPolicy.Grant;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Delegated-admin relationships, through JPA: a customer's, one locked for a change, the grants between two. */
@ApplicationScoped
public class RelationshipRepository implements PanacheRepositoryBase<Relationship, UUID> {

    /** The customer's relationships, newest first. */
    public List<Relationship> ofCustomer(UUID customerId) {
        return list("customerTenantId = ?1 order by createdAt desc", customerId);
    }

    /** The relationship read again under its lock, for a change of state: what another change committed shows. */
    public Relationship lock(Relationship relationship) {
        getEntityManager().refresh(relationship, LockModeType.PESSIMISTIC_WRITE);
        return relationship;
    }

    /**
     * What every relationship between a provider and a customer grants as of {@code now}; {@code locked} share-locks
     * them, so that none ends before the caller's transaction does.
     */
    public List<Grant> grants(UUID providerId, UUID customerId, Instant now, boolean locked) {
        return find("providerTenantId = ?1 and customerTenantId = ?2", providerId, customerId)
                .withLock(locked ? LockModeType.PESSIMISTIC_READ : LockModeType.NONE).list().stream()
                .map(r -> new Grant(r.statusAt(now), r.roleSet())).toList();
    }
}
