package dev.identity.delegation;

import dev.identity.policy.AccessPolicy.RelationshipStatus;
import dev.identity.policy.Role;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A delegated-admin relationship, as its row (V5__delegated_admin.sql, where its states are): read and written by
 * {@link RelationshipRepository}; a change of state is made on this object and then stored with
 * {@link RelationshipRepository#storeState}.
 */
public class Relationship {

    public UUID id;
    public UUID providerTenantId;
    public UUID customerTenantId;
    public String[] roles;
    public int durationDays;
    /** As stored: pending, active or terminated; see {@link #statusAt}. */
    public String status;
    public Instant createdAt;
    public UUID requestedBy;
    public Instant requestExpiresAt;
    public Instant activatedAt;
    public Instant expiresAt;
    public Instant terminatedAt;

    /** The state as of {@code now}: a pending request or an active relationship past its time has expired. */
    public RelationshipStatus statusAt(Instant now) {
        return switch (status) {
            case "terminated" -> RelationshipStatus.TERMINATED;
            case "active" -> expiresAt.isAfter(now) ? RelationshipStatus.ACTIVE : RelationshipStatus.EXPIRED;
            default -> requestExpiresAt.isAfter(now) ? RelationshipStatus.PENDING : RelationshipStatus.EXPIRED;
        };
    }

    public Set<Role> roleSet() {
        return Role.setOf(roles);
    }
}
