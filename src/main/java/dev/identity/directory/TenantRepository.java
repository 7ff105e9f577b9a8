package dev.identity.directory;

import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Tenants, found by domain case-insensitively. */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, UUID> {

    private static final Pattern DOMAIN = Pattern.compile(Formats.DOMAIN);

    /** The tenant of that domain; a string that is not a domain name finds none and is never sent to the database. */
    public Optional<Tenant> findByDomain(String domain) {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            return Optional.empty();
        }
        return find("lower(domain) = ?1", domain.toLowerCase(Locale.ROOT)).firstResultOptional();
    }

    public Tenant requireByDomain(String domain) {
        return findByDomain(domain).orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such tenant."));
    }

    /** Locks the tenant row so that rules spanning its users (the last global admin) see no concurrent change. */
    public Tenant lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
