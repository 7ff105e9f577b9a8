package dev.identity.audit;

import java.time.Instant;
import java.util.UUID;

/** One row of the append-only audit table (the database refuses updates and deletes). */
public record AuditEvent(UUID id, Instant occurredAt, UUID tenantId, String type, String actorKind, UUID actorUserId,
        UUID actorTenantId, UUID targetUserId, String clientAddress, String outcome, String reason) {
}
