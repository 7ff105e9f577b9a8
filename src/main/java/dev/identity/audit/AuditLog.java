package dev.identity.audit;

import dev.identity.platform.Jdbc;
import dev.identity.platform.RequestInfo;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes audit events. A success is written in the transaction of the change it records; a refusal or
 * failure is written in a transaction of its own, since the work it refused is rolled back.
 */
@ApplicationScoped
public class AuditLog {

    /** What happened to whom; the actor and client address come from the request. */
    public record Entry(UUID tenantId, AuditType type, Actor actor, UUID targetUserId, Outcome outcome,
            String reason) {
    }

    public enum Outcome { SUCCESS, FAILURE, REFUSED }

    private final EntityManager em;

    AuditLog(EntityManager em) {
        this.em = em;
    }

    /** Records an event in the current transaction. */
    public void record(Entry entry) {
        em.persist(toEvent(entry));
    }

    /** The insert that records an event, for the caller to run in its transaction as part of a combined write. */
    public Jdbc.Statement recording(Entry entry) {
        AuditEvent event = toEvent(entry);
        return Jdbc.Statement.of("""
                insert into audit_event (id, occurred_at, tenant_id, type, actor_kind, actor_user_id, actor_tenant_id,
                    target_user_id, client_address, outcome, reason)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", event.id, event.occurredAt, event.tenantId, event.type,
                event.actorKind, event.actorUserId, event.actorTenantId, event.targetUserId, event.clientAddress,
                event.outcome, event.reason);
    }

    /**
     * The insert that records one event for each target user, alike but for the target, in one statement: the user
     * import's batches. The client address is given, since the import writes after its request's own work.
     */
    public Jdbc.Statement recordingEach(Entry entry, UUID[] targets, String clientAddress) {
        AuditEvent event = toEvent(entry);
        return Jdbc.Statement.of("""
                insert into audit_event (id, occurred_at, tenant_id, type, actor_kind, actor_user_id, actor_tenant_id,
                    target_user_id, client_address, outcome, reason)
                select gen_random_uuid(), ?, ?, ?, ?, ?, ?, target, ?, ?, ? from unnest(?::uuid[]) as target""",
                event.occurredAt, event.tenantId, event.type, event.actorKind, event.actorUserId, event.actorTenantId,
                clientAddress, event.outcome, event.reason, targets);
    }

    /** As {@link #recording(Entry)}, with the client address given: for work done after its request's own. */
    public Jdbc.Statement recording(Entry entry, String clientAddress) {
        return recordingEach(entry, new UUID[] {entry.targetUserId()}, clientAddress);
    }

    /** The client address of the current request, for work that records it later; null outside a request. */
    public String currentClientAddress() {
        return clientAddress();
    }

    /** Records an event in a transaction of its own, which commits whatever happens to the caller's. */
    public void recordSeparately(Entry entry) {
        AuditEvent event = toEvent(entry);
        QuarkusTransaction.requiringNew().run(() -> em.persist(event));
    }

    public void success(UUID tenantId, AuditType type, Actor actor, UUID target) {
        record(new Entry(tenantId, type, actor, target, Outcome.SUCCESS, null));
    }

    public void refused(UUID tenantId, AuditType type, Actor actor, UUID target, String rule) {
        recordSeparately(new Entry(tenantId, type, actor, target, Outcome.REFUSED, rule));
    }

    public void failed(UUID tenantId, AuditType type, Actor actor, UUID target, String reason) {
        recordSeparately(new Entry(tenantId, type, actor, target, Outcome.FAILURE, reason));
    }

    private static AuditEvent toEvent(Entry entry) {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.occurredAt = Instant.now();
        event.tenantId = entry.tenantId();
        event.type = entry.type().slug();
        event.actorKind = entry.actor().kind().name().toLowerCase(Locale.ROOT);
        event.actorUserId = entry.actor().userId();
        event.actorTenantId = entry.actor().tenantId();
        event.targetUserId = entry.targetUserId();
        event.clientAddress = clientAddress();
        event.outcome = entry.outcome().name().toLowerCase(Locale.ROOT);
        event.reason = entry.reason();
        return event;
    }

    private static String clientAddress() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return Arc.container().instance(RequestInfo.class).get().clientAddress();
    }
}
