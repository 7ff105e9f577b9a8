package dev.identity.directory;

import dev.identity.platform.Jdbc;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Tenants, found by domain case-insensitively; in SQL like every statement on {@code tenant}. */
@ApplicationScoped
public class TenantRepository {

    private static final Pattern DOMAIN = Pattern.compile(Formats.DOMAIN);
    private static final String COLUMNS =
            "id, domain, display_name, kind, self_service_reset, support_contact, created_at, updated_at";

    private final Jdbc jdbc;

    TenantRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant of that domain; a string that is not a domain name finds none and is never sent to the database. */
    public Optional<Tenant> findByDomain(String domain) {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            return Optional.empty();
        }
        return jdbc.first("select " + COLUMNS + " from tenant where lower(domain) = ?", TenantRepository::tenant,
                domain.toLowerCase(Locale.ROOT));
    }

    public Tenant requireByDomain(String domain) {
        return findByDomain(domain).orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such tenant."));
    }

    /** The tenant of that id, or null. */
    public Tenant findById(UUID id) {
        return jdbc.first("select " + COLUMNS + " from tenant where id = ?", TenantRepository::tenant, id).orElse(null);
    }

    /**
     * Locks the tenant row so that rules spanning its users (the last global admin) see no concurrent change.
     * {@code for no key update}: rows that refer to the tenant (an audit event of a refusal, written meanwhile in a
     * transaction of its own) take a key-share lock on it, which a plain {@code for update} would make wait for
     * this transaction, and this one waits for them.
     */
    public Tenant lock(UUID id) {
        return jdbc.first("select " + COLUMNS + " from tenant where id = ? for no key update",
                TenantRepository::tenant, id).orElse(null);
    }

    /** Stores a new tenant, made by {@link Tenant#create}. */
    public void insert(Tenant tenant) {
        jdbc.update(Jdbc.Statement.of("""
                insert into tenant (id, domain, display_name, kind, self_service_reset, support_contact, created_at,
                    updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", tenant.id, tenant.domain, tenant.displayName, tenant.kind,
                tenant.selfServiceReset, tenant.supportContact, tenant.createdAt, tenant.updatedAt));
    }

    /** Stores what may change of a tenant: its name, self-service and support contact. */
    public void update(Tenant tenant) {
        jdbc.update(Jdbc.Statement.of("""
                update tenant set display_name = ?, self_service_reset = ?, support_contact = ?, updated_at = ?
                where id = ?""", tenant.displayName, tenant.selfServiceReset, tenant.supportContact, tenant.updatedAt,
                tenant.id));
    }

    private static Tenant tenant(ResultSet row) throws SQLException {
        Tenant tenant = new Tenant();
        tenant.id = row.getObject(1, UUID.class);
        tenant.domain = row.getString(2);
        tenant.displayName = row.getString(3);
        tenant.kind = row.getString(4);
        tenant.selfServiceReset = row.getBoolean(5);
        tenant.supportContact = row.getString(6);
        tenant.createdAt = Jdbc.instant(row, 7);
        tenant.updatedAt = Jdbc.instant(row, 8);
        return tenant;
    }
}
