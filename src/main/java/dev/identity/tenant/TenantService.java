package dev.identity.tenant;

import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.policy.AccessPolicy;
import dev.identity.policy.AccessPolicy.Action;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.session.AccessChecks;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import dev.identity.session.Requesters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Locale;

/** Creating, reading and changing tenants; the transaction boundary for them. */
@ApplicationScoped
public class TenantService {

    private final TenantRepository tenants;
    private final Caller caller;
    private final AuditLog audit;
    private final AccessChecks checks;

    TenantService(TenantRepository tenants, Caller caller, AuditLog audit, AccessChecks checks) {
        this.checks = checks;
        this.tenants = tenants;
        this.caller = caller;
        this.audit = audit;
    }

    @Transactional
    public TenantView create(CreateTenant request) {
        Principal operator = caller.requireOperator();
        String domain = request.domain().toLowerCase(Locale.ROOT);
        if (Boolean.FALSE.equals(request.selfServiceReset())) {
            requireMayTurnOffSelfService(null, operator);
        }
        if (tenants.findByDomain(domain).isPresent()) {
            throw ProblemException.of(ProblemType.CONFLICT, "A tenant with this domain exists already.");
        }
        Tenant tenant = Tenant.create(domain, request.displayName().strip(), request.kind().value(),
                request.selfServiceReset() == null || request.selfServiceReset(),
                blankToNull(request.supportContact()), Instant.now());
        tenants.insert(tenant);
        audit.success(tenant.id, AuditType.TENANT_CREATED, operator.actor(), null);
        return view(tenant);
    }

    @Transactional
    public TenantView get(String domain) {
        caller.require();
        Tenant tenant = tenants.requireByDomain(domain);
        caller.requireAdminOf(tenant.id);
        return view(tenant);
    }

    @Transactional
    public TenantView update(String domain, UpdateTenant request) {
        caller.require();
        Tenant tenant = tenants.requireByDomain(domain);
        Principal principal = caller.requireGlobalAdminOf(tenant.id);
        tenant = tenants.lock(tenant.id);
        if (request.displayName() != null) {
            tenant.displayName = request.displayName().strip();
        }
        if (Boolean.FALSE.equals(request.selfServiceReset())) {
            requireMayTurnOffSelfService(tenant.id, principal);
        }
        if (request.selfServiceReset() != null) {
            tenant.selfServiceReset = request.selfServiceReset();
        }
        if (request.supportContact() != null) {
            tenant.supportContact = blankToNull(request.supportContact());
        }
        tenant.updatedAt = Instant.now();
        tenants.update(tenant);
        audit.success(tenant.id, AuditType.TENANT_UPDATED, principal.actor(), null);
        return view(tenant);
    }

    private TenantView view(Tenant tenant) {
        boolean alwaysOn = !AccessPolicy.deploymentAllows(checks.deployment(), Action.TURN_OFF_SELF_SERVICE);
        return TenantView.of(tenant, alwaysOn);
    }

    /** In 21vianet self-service is the only way back in: it cannot be turned off (409). */
    private void requireMayTurnOffSelfService(java.util.UUID tenantId, Principal principal) {
        checks.enforce(AccessPolicy.decide(checks.deployment(), Requesters.of(principal, tenantId, null),
                Action.TURN_OFF_SELF_SERVICE, java.util.Set.of(), true), tenantId, AuditType.TENANT_UPDATED,
                principal.actor(), null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
