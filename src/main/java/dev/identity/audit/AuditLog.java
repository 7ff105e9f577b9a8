package dev.identity.audit;

import dev.identity.platform.Jdbc;
import dev.identity.platform.RequestInfo;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes audit events, and reads a tenant's. A success is written in the transaction of the change it records; a
 * refusal or failure is written in a transaction of its own, since the work it refused is rolled back. The table
 * is append-only and read and written in SQL alone.
 */
@ApplicationScoped
public class AuditLog {

    /** What happened to whom; the actor and client address come from the request. */
    public record Entry(UUID tenantId, AuditType type, Actor actor, UUID targetUserId, Outcome outcome,
            String reason) {
    }

    public enum Outcome { SUCCESS, FAILURE, REFUSED }

    private final Jdbc jdbc;

    AuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an event in the current transaction. */
    public void record(Entry entry) {
        jdbc.update(recording(entry));
    }

    /** The insert that records an event, for the caller to run in its transaction as part of a combined write. */
    public Jdbc.Statement recording(Entry entry) {
        AuditEvent event = toEvent(entry);
        return Jdbc.Statement.of("""
                insert into audit_event (id, occurred_at, tenant_id, type, actor_kind, actor_user_id, actor_tenant_id,
                    target_user_id, client_address, outcome, reason)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", event.id(), event.occurredAt(), event.tenantId(),
                event.type(), event.actorKind(), event.actorUserId(), event.actorTenantId(), event.targetUserId(),
                event.clientAddress(), event.outcome(), event.reason());
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
                event.occurredAt(), event.tenantId(), event.type(), event.actorKind(), event.actorUserId(),
                event.actorTenantId(), clientAddress, event.outcome(), event.reason(), targets);
    }

    /** As {@link #recording(Entry)}, with the client address given: for work done after its request's own. */
    public Jdbc.Statement recording(Entry entry, String clientAddress) {
        return recordingEach(entry, new UUID[] {entry.targetUserId()}, clientAddress);
    }

    /**
     * A tenant's events, newest first: only of {@code type} when it is given, only those after the event
     * {@code (afterAt, afterId)} when they are given; at most {@code limit}.
     */
    public List<AuditEvent> newestFirst(UUID tenantId, String type, Instant afterAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, occurred_at, tenant_id, type, actor_kind, actor_user_id, actor_tenant_id, target_user_id,
                    client_address, outcome, reason
                from audit_event where tenant_id = ?""");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (type != null) {
            sql.append(" and type = ?");
            params.add(type);
        }
        if (afterAt != null) {
            sql.append(" and (occurred_at, id) < (?, ?)");
            params.add(afterAt);
            params.add(afterId);
        }
        sql.append(" order by occurred_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.list(sql.toString(), row -> new AuditEvent(row.getObject(1, UUID.class), Jdbc.instant(row, 2),
                row.getObject(3, UUID.class), row.getString(4), row.getString(5), row.getObject(6, UUID.class),
                row.getObject(7, UUID.class), row.getObject(8, UUID.class), row.getString(9), row.getString(10),
                row.getString(11)), params.toArray());
    }

    /** The client address of the current request, for work that records it later; null outside a request. */
    public String currentClientAddress() {
        return clientAddress();
    }

    /** Records an event in a transaction of its own, which commits whatever happens to the caller's. */
    public void recordSeparately(Entry entry) {
        Jdbc.Statement insert = recording(entry);
        QuarkusTransaction.requiringNew().run(() -> jdbc.update(insert));
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
        return new AuditEvent(UUID.randomUUID(), Instant.now(), entry.tenantId(), entry.type().slug(),
                entry.actor().kind().name().toLowerCase(Locale.ROOT), entry.actor().userId(),
                entry.actor().tenantId(), entry.targetUserId(), clientAddress(),
                entry.outcome().name().toLowerCase(Locale.ROOT), entry.reason());
    }

    private static String clientAddress() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return Arc.container().instance(RequestInfo.class).get().clientAddress();
    }
}
