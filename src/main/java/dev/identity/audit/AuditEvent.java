package dev.identity.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One row of the append-only audit table (the database refuses updates and deletes). */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    public UUID id;
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(nullable = false)
    public String type;
    @Column(name = "actor_kind", nullable = false)
    public String actorKind;
    @Column(name = "actor_user_id")
    public UUID actorUserId;
    @Column(name = "actor_tenant_id")
    public UUID actorTenantId;
    @Column(name = "target_user_id")
    public UUID targetUserId;
    @Column(name = "client_address")
    public String clientAddress;
    @Column(nullable = false)
    public String outcome;
    public String reason;
}
