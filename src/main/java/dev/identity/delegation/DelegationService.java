package dev.identity.delegation;

import dev.identity.adminreset.ResetOnBehalf;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.ChangeKind;
import dev.identity.credential.CredentialService;
import dev.identity.directory.GlobalAdminNotices;
import dev.identity.directory.Notices;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.directory.User;
import dev.identity.directory.UserRepository;
import dev.identity.mail.DelegatedActionNotice;
import dev.identity.policy.AccessPolicy;
import dev.identity.policy.AccessPolicy.Action;
import dev.identity.policy.AccessPolicy.Grant;
import dev.identity.policy.AccessPolicy.RelationshipStatus;
import dev.identity.policy.AccessPolicy.Requester;
import dev.identity.policy.Role;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.session.AccessChecks;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import dev.identity.session.Requesters;
import dev.identity.user.UserView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Delegated administration (DESIGN.md section 3): relationships between an indirect provider and a customer,
 * and what a provider's agent may do through an active one. Every decision is {@link AccessPolicy}'s; every
 * action and refusal is an audit event in the customer's tenant, and every delegated action is mailed to the
 * customer's global admins.
 */
@ApplicationScoped
public class DelegationService {

    /** A request nobody answers lapses after this long. */
    static final Duration REQUEST_LIFETIME = Duration.ofDays(90);

    private final Caller caller;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final CredentialService credentials;
    private final AccessChecks checks;
    private final AuditLog audit;
    private final GlobalAdminNotices admins;
    private final RelationshipRepository relationships;
    private final ResetOnBehalf resets;

    DelegationService(Caller caller, TenantRepository tenants, UserRepository users, CredentialService credentials,
            AccessChecks checks, AuditLog audit, GlobalAdminNotices admins, RelationshipRepository relationships,
            ResetOnBehalf resets) {
        this.caller = caller;
        this.tenants = tenants;
        this.users = users;
        this.credentials = credentials;
        this.checks = checks;
        this.audit = audit;
        this.admins = admins;
        this.relationships = relationships;
        this.resets = resets;
    }

    /** A relationship as answered: tenants by domain, the state as of now. */
    public record View(UUID id, String providerTenant, String customerTenant, List<Role> roles, String status,
            int durationDays, Instant createdAt, Instant activatedAt, Instant expiresAt, Instant terminatedAt) {

        static View of(Relationship r, Tenant provider, Tenant customer, Instant now) {
            RelationshipStatus status = r.statusAt(now);
            return new View(r.id, provider.domain, customer.domain, List.copyOf(r.roleSet()),
                    status.name().toLowerCase(java.util.Locale.ROOT), r.durationDays, r.createdAt, r.activatedAt,
                    "pending".equals(r.status) ? r.requestExpiresAt : r.expiresAt, r.terminatedAt);
        }
    }

    /** A global admin created through a relationship, with the temporary password shown this once. */
    public record CreatedAdmin(UserView user, String temporaryPassword) {
    }

    // ---- relationships ---------------------------------------------------------------------------------------

    @Transactional
    public View create(String customerDomain, String providerDomain, Set<Role> roles, int durationDays) {
        Principal principal = caller.require();
        Tenant customer = tenant(customerDomain);
        Optional<Tenant> provider = tenants.findByDomain(providerDomain);
        Requester requester = provider.map(p -> requester(principal, customer, p)).orElseGet(
                () -> outsiderOrMember(principal, customer));
        checks.enforce(AccessPolicy.decide(checks.deployment(), requester, Action.CREATE_RELATIONSHIP, Set.of()),
                customer.id, AuditType.RELATIONSHIP_CREATED, principal.actor(), null);
        Tenant providerTenant = provider.orElseThrow(() -> ProblemException.invalid("providerTenant",
                "unknown-tenant", "No tenant has this domain."));
        if (!providerTenant.isIndirectProvider()) {
            throw ProblemException.invalid("providerTenant", "not-an-indirect-provider",
                    "Only an indirect-provider tenant holds delegated-admin relationships.");
        }
        if (customer.isIndirectProvider()) {
            throw ProblemException.of(ProblemType.CONFLICT,
                    "The customer of a relationship is a customer tenant, not an indirect provider.");
        }
        Instant now = Instant.now();
        Relationship r = new Relationship();
        r.id = UUID.randomUUID();
        r.providerTenantId = providerTenant.id;
        r.customerTenantId = customer.id;
        r.roles = roles.stream().sorted().map(Role::name).toArray(String[]::new);
        r.durationDays = durationDays;
        r.createdAt = now;
        r.requestedBy = principal instanceof Principal.SignedIn user ? user.userId() : null;
        r.requestExpiresAt = now.plus(REQUEST_LIFETIME);
        if (principal instanceof Principal.Operator) {
            activate(r, now);
        } else {
            r.status = "pending";
        }
        relationships.insert(r);
        audit.record(new AuditLog.Entry(customer.id, AuditType.RELATIONSHIP_CREATED, principal.actor(), null,
                AuditLog.Outcome.SUCCESS, r.status + ":" + providerTenant.domain));
        return View.of(r, providerTenant, customer, now);
    }

    @Transactional
    public List<View> list(String customerDomain) {
        Principal principal = caller.require();
        Tenant customer = tenant(customerDomain);
        Requester requester = outsiderOrMember(principal, customer);
        if (requester instanceof AccessPolicy.Outsider && principal instanceof Principal.SignedIn user) {
            // A provider's member sees the relationships of their own provider with this customer.
            requester = requester(principal, customer, tenants(user.tenantId()));
        }
        checks.enforce(AccessPolicy.decide(checks.deployment(), requester, Action.LIST_RELATIONSHIPS, Set.of()),
                customer.id, AuditType.RELATIONSHIPS_LISTED, principal.actor(), null);
        Optional<UUID> onlyProvider = requester instanceof AccessPolicy.ProviderMember
                ? Optional.of(((Principal.SignedIn) principal).tenantId()) : Optional.empty();
        Instant now = Instant.now();
        return relationships.ofCustomer(customer.id).stream()
                .filter(r -> onlyProvider.map(p -> p.equals(r.providerTenantId)).orElse(true))
                .map(r -> View.of(r, tenants.findById(r.providerTenantId), customer, now)).toList();
    }

    @Transactional
    public View approve(String customerDomain, UUID id) {
        return transition(customerDomain, id, Action.APPROVE_RELATIONSHIP, AuditType.RELATIONSHIP_APPROVED,
                Set.of(RelationshipStatus.PENDING), (r, now) -> activate(r, now));
    }

    @Transactional
    public View terminate(String customerDomain, UUID id) {
        return transition(customerDomain, id, Action.TERMINATE_RELATIONSHIP, AuditType.RELATIONSHIP_TERMINATED,
                Set.of(RelationshipStatus.PENDING, RelationshipStatus.ACTIVE), (r, now) -> {
                    r.status = "terminated";
                    r.terminatedAt = now;
                });
    }

    private interface Change {
        void apply(Relationship relationship, Instant now);
    }

    /** One transaction: the relationship read, decided on, then read again under its lock and changed. */
    private View transition(String customerDomain, UUID id, Action action, AuditType type,
            Set<RelationshipStatus> from, Change change) {
        Principal principal = caller.require();
        Tenant customer = tenant(customerDomain);
        Relationship found = relationships.find(id).orElse(null);
        boolean ours = found != null && found.customerTenantId.equals(customer.id);
        Requester requester = ours ? requester(principal, customer, tenants(found.providerTenantId))
                : outsiderOrMember(principal, customer);
        checks.enforce(AccessPolicy.decide(checks.deployment(), requester, action, Set.of()), customer.id, type,
                principal.actor(), null);
        if (!ours) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "No such relationship with this customer.");
        }
        Relationship r = relationships.lock(found);
        Instant now = Instant.now();
        RelationshipStatus status = r.statusAt(now);
        if (!from.contains(status)) {
            throw ProblemException.of(ProblemType.CONFLICT,
                    "The relationship is " + status.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        change.apply(r, now);
        relationships.storeState(r);
        audit.record(new AuditLog.Entry(customer.id, type, principal.actor(), null, AuditLog.Outcome.SUCCESS,
                r.id.toString()));
        return View.of(r, tenants.findById(r.providerTenantId), customer, now);
    }

    private static void activate(Relationship r, Instant now) {
        r.status = "active";
        r.activatedAt = now;
        r.expiresAt = now.plus(Duration.ofDays(r.durationDays));
    }

    // ---- delegated actions -----------------------------------------------------------------------------------

    /** A provider's agent resets a password in the customer tenant. */
    public String resetPassword(String providerDomain, String customerDomain, UUID userId, String temporaryPassword) {
        Principal principal = caller.require();
        Tenant provider = tenant(providerDomain);
        // Decided again with the relationships read in the transaction that stores the password, share-locked so
        // that a termination waits for this reset to commit or sees it refused.
        return resets.reset(principal, customerDomain, userId, temporaryPassword, customer -> new ResetOnBehalf.Kind(
                Action.DELEGATED_RESET, AuditType.DELEGATED_RESET, ChangeKind.DELEGATED_RESET,
                "delegated", locked -> requester(principal, customer, provider, locked),
                // In the transaction that stores the password (DESIGN.md 6): the customer's admins hear of every
                // delegated reset that happened, and of none that did not.
                target -> tellGlobalAdmins(customer, provider, target, "password-reset")));
    }

    /** A provider's agent creates a global admin in the customer tenant, with a temporary password. */
    public CreatedAdmin createGlobalAdmin(String providerDomain, String customerDomain, String userName,
            String displayName, String email) {
        Principal principal = caller.require();
        Tenant provider = tenant(providerDomain);
        Tenant customer = tenant(customerDomain);
        checks.enforce(AccessPolicy.decide(checks.deployment(), requester(principal, customer, provider),
                Action.DELEGATED_GLOBAL_ADMIN_CREATION, EnumSet.of(Role.GLOBAL_ADMIN)), customer.id,
                AuditType.DELEGATED_GLOBAL_ADMIN_CREATED, principal.actor(), null);
        // A read, the hash of the temporary password outside any transaction, then the write that checks again.
        if (QuarkusTransaction.requiringNew().call(() -> users.findByUserName(customer.id, userName)).isPresent()) {
            throw ProblemException.of(ProblemType.CONFLICT, "A user with this user name exists in the tenant.");
        }
        CredentialService.Temporary temporary = credentials.generateTemporary(userName, displayName, customer);
        UserView created = QuarkusTransaction.requiringNew().call(() -> {
            if (users.findByUserName(customer.id, userName).isPresent()) {
                throw ProblemException.of(ProblemType.CONFLICT, "A user with this user name exists in the tenant.");
            }
            User user = User.create(customer.id, userName.strip(), displayName.strip(), email.strip(),
                    EnumSet.of(Role.GLOBAL_ADMIN), null, temporary.hash(), true, Instant.now());
            users.insert(user);
            audit.success(customer.id, AuditType.USER_CREATED, principal.actor(), user.id);
            audit.success(customer.id, AuditType.DELEGATED_GLOBAL_ADMIN_CREATED, principal.actor(), user.id);
            tellGlobalAdmins(customer, provider, user, "global-admin-created");
            return UserView.of(user, customer.domain);
        });
        return new CreatedAdmin(created, temporary.password());
    }

    /** Every enabled global admin of the customer but the target is told what the provider did. */
    private void tellGlobalAdmins(Tenant customer, Tenant provider, User target, String action) {
        String when = Notices.when(Instant.now());
        admins.enqueue(customer.id, target.id, admin -> new DelegatedActionNotice(admin.displayName,
                provider.displayName, customer.displayName, target.displayName, target.userName, when, action));
    }

    // ---- who asks --------------------------------------------------------------------------------------------

    /**
     * The caller as the policy sees them for a provider and a customer: the operator, a member of the customer,
     * a member of the provider with every relationship between the two, or an outsider.
     */
    private Requester requester(Principal principal, Tenant customer, Tenant provider) {
        return requester(principal, customer, provider, false);
    }

    /**
     * As above; {@code locked} reads the relationships in the caller's transaction with a shared lock on them, so
     * that they cannot end before that transaction does.
     */
    private Requester requester(Principal principal, Tenant customer, Tenant provider, boolean locked) {
        if (principal instanceof Principal.SignedIn user && user.tenantId().equals(provider.id)
                && provider.isIndirectProvider()) {
            List<Grant> grants = QuarkusTransaction.joiningExisting().call(() -> relationships.grants(provider.id,
                    customer.id, Instant.now(), locked));
            return new AccessPolicy.ProviderMember(user.roles(), grants);
        }
        return outsiderOrMember(principal, customer);
    }

    private static Requester outsiderOrMember(Principal principal, Tenant customer) {
        return Requesters.of(principal, customer.id, null);
    }

    /** Reads in the caller's transaction, or in one of their own for the steps that run outside any. */
    private Tenant tenant(String domain) {
        return QuarkusTransaction.joiningExisting().call(() -> tenants.requireByDomain(domain));
    }

    private Tenant tenants(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> tenants.findById(id));
    }
}
