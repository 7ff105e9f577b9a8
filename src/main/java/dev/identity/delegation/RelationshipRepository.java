package dev.identity.delegation;

import dev.identity.platform.Jdbc;
import dev.identity.policy.AccessPolicy.Grant;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Delegated-admin relationships, in SQL like every other table: a customer's, one by id or locked for a change of
 * state, the grants between two tenants.
 */
@ApplicationScoped
public class RelationshipRepository {

    private static final String COLUMNS = """
            id, provider_tenant_id, customer_tenant_id, roles, duration_days, status, created_at, requested_by,
            request_expires_at, activated_at, expires_at, terminated_at""";

    private final Jdbc jdbc;

    RelationshipRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new relationship. */
    public void insert(Relationship r) {
        jdbc.update(Jdbc.Statement.of("insert into delegated_admin_relationship (" + COLUMNS + """
                ) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", r.id, r.providerTenantId, r.customerTenantId,
                r.roles, r.durationDays, r.status, r.createdAt, r.requestedBy, r.requestExpiresAt, r.activatedAt,
                r.expiresAt, r.terminatedAt));
    }

    /** The relationship of that id, if any. */
    public Optional<Relationship> find(UUID id) {
        return jdbc.first("select " + COLUMNS + " from delegated_admin_relationship where id = ?",
                RelationshipRepository::relationship, id);
    }

    /** The customer's relationships, newest first. */
    public List<Relationship> ofCustomer(UUID customerId) {
        return jdbc.list("select " + COLUMNS + " from delegated_admin_relationship where customer_tenant_id = ? "
                + "order by created_at desc", RelationshipRepository::relationship, customerId);
    }

    /** The relationship read again under its lock, for a change of state: what another change committed shows. */
    public Relationship lock(Relationship relationship) {
        return jdbc.first("select " + COLUMNS + " from delegated_admin_relationship where id = ? for update",
                RelationshipRepository::relationship, relationship.id).orElseThrow();
    }

    /** Stores the state of a relationship read under {@link #lock}: its status and the times that go with it. */
    public void storeState(Relationship r) {
        jdbc.update(Jdbc.Statement.of("""
                update delegated_admin_relationship set status = ?, activated_at = ?, expires_at = ?, terminated_at = ?
                where id = ?""", r.status, r.activatedAt, r.expiresAt, r.terminatedAt, r.id));
    }

    /**
     * What every relationship between a provider and a customer grants as of {@code now}; {@code locked} share-locks
     * them, so that none ends before the caller's transaction does.
     */
    public List<Grant> grants(UUID providerId, UUID customerId, Instant now, boolean locked) {
        return jdbc.list("select " + COLUMNS + " from delegated_admin_relationship "
                + "where provider_tenant_id = ? and customer_tenant_id = ?" + (locked ? " for share" : ""),
                RelationshipRepository::relationship, providerId, customerId).stream()
                .map(r -> new Grant(r.statusAt(now), r.roleSet())).toList();
    }

    private static Relationship relationship(ResultSet row) throws SQLException {
        Relationship r = new Relationship();
        r.id = row.getObject(1, UUID.class);
        r.providerTenantId = row.getObject(2, UUID.class);
        r.customerTenantId = row.getObject(3, UUID.class);
        r.roles = (String[]) row.getArray(4).getArray();
        r.durationDays = row.getInt(5);
        r.status = row.getString(6);
        r.createdAt = Jdbc.instant(row, 7);
        r.requestedBy = row.getObject(8, UUID.class);
        r.requestExpiresAt = Jdbc.instant(row, 9);
        r.activatedAt = Jdbc.instant(row, 10);
        r.expiresAt = Jdbc.instant(row, 11);
        r.terminatedAt = Jdbc.instant(row, 12);
        return r;
    }
}
