package dev.identity.directory;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of tenants by domain, remembered between requests so that the public recovery-start and sign-in
 * do not read their tenant in a transaction of their own. A tenant's domain and id never change, and sign-in
 * takes only the id. For recovery-start what is remembered is only a first answer, taken before the rate
 * limits, and it never refuses alone: a start that it would refuse reads the tenant again first, and a start
 * that it lets through reads the tenant again in the transaction that writes its flow and decides on that copy.
 * So a setting changed on any instance holds from the next start on; a stale copy can at most let a start that
 * is then refused take a rate-limit token.
 */
@ApplicationScoped
public class TenantDirectory {

    /** What recovery-start needs of a tenant (sign-in, only the id). */
    public record Settings(UUID id, String displayName, boolean selfServiceReset, String supportContact) {
        static Settings of(Tenant tenant) {
            return new Settings(tenant.id, tenant.displayName, tenant.selfServiceReset, tenant.supportContact);
        }
    }

    /** More tenants than this and the directory starts over, rather than grow with every domain asked for. */
    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, Settings> byDomain = new ConcurrentHashMap<>();
    private final TenantRepository tenants;

    TenantDirectory(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /** The settings of the tenant of that domain, as last seen; 404 not-found when there is none. */
    public Settings require(String domain) {
        Settings known = byDomain.get(domain.toLowerCase(Locale.ROOT));
        return known != null ? known : read(domain);
    }

    /** The settings of the tenant of that domain as they are now, read in a transaction of their own. */
    public Settings read(String domain) {
        Settings read = Settings.of(QuarkusTransaction.requiringNew().call(() -> tenants.requireByDomain(domain)));
        remember(domain, read);
        return read;
    }

    /** Remembers settings read where they are authoritative. */
    public void remember(String domain, Settings settings) {
        if (byDomain.size() >= MAX_REMEMBERED) {
            byDomain.clear();
        }
        byDomain.put(domain.toLowerCase(Locale.ROOT), settings);
    }
}
