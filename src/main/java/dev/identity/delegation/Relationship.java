package dev.identity.delegation;

import dev.identity.policy.AccessPolicy.RelationshipStatus;
import dev.identity.policy.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A delegated-admin relationship; see V5__delegated_admin.sql for its states. */
@Entity
@Table(name = "delegated_admin_relationship")
public class Relationship {

    @Id
    public UUID id;
    @Column(name = "provider_tenant_id", nullable = false)
    public UUID providerTenantId;
    @Column(name = "customer_tenant_id", nullable = false)
    public UUID customerTenantId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "roles", nullable = false)
    public String[] roles;
    @Column(name = "duration_days", nullable = false)
    public int durationDays;
    /** As stored: pending, active or terminated; see {@link #statusAt}. */
    @Column(nullable = false)
    public String status;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "requested_by")
    public UUID requestedBy;
    @Column(name = "request_expires_at", nullable = false)
    public Instant requestExpiresAt;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "terminated_at")
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
