package dev.identity.user;

import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CredentialService;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.directory.User;
import dev.identity.directory.UserRepository;
import dev.identity.platform.Locales;
import dev.identity.policy.Role;
import dev.identity.policy.RoleMatrix;
import dev.identity.policy.UserNames;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import dev.identity.session.TokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Users of a tenant, administered by the operator or the tenant's admins under the role matrix: nobody
 * creates, edits or grants beyond their own role, and a tenant always keeps an enabled global admin.
 */
@ApplicationScoped
public class UserService {

    private static final int MAX_PAGE = 200;

    private final TenantRepository tenants;
    private final UserRepository users;
    private final CredentialService credentials;
    private final TokenService tokens;
    private final Caller caller;
    private final AuditLog audit;

    UserService(TenantRepository tenants, UserRepository users, CredentialService credentials, TokenService tokens,
            Caller caller, AuditLog audit) {
        this.tenants = tenants;
        this.users = users;
        this.credentials = credentials;
        this.tokens = tokens;
        this.caller = caller;
        this.audit = audit;
    }

    /** Reads, then hashes the password outside any transaction, then writes in one that checks the name again. */
    public CreatedUserView create(String domain, CreateUser request) {
        caller.require();
        Tenant tenant = QuarkusTransaction.requiringNew().call(() -> tenants.requireByDomain(domain));
        Principal principal = caller.requireAdminOf(tenant.id);
        Set<Role> roles = request.roles() == null ? EnumSet.noneOf(Role.class) : roleSet(request.roles());
        checkRolesExistIn(tenant, roles);
        requireMayGrant(principal, tenant, null, roles, AuditType.USER_CREATED);
        if (QuarkusTransaction.requiringNew().call(() -> users.findByUserName(tenant.id, request.userName()))
                .isPresent()) {
            throw ProblemException.of(ProblemType.CONFLICT, "A user with this user name exists in the tenant.");
        }
        String temporaryPassword = null;
        String hash;
        if (request.password() == null) {
            CredentialService.Temporary temporary = credentials.generateTemporary(request.userName(),
                    request.displayName(), tenant);
            temporaryPassword = temporary.password();
            hash = temporary.hash();
        } else {
            hash = credentials.hashInitialPassword(request.password(), "password", request.userName(),
                    request.displayName(), tenant);
        }
        boolean changeRequired = temporaryPassword != null;
        UserView created = QuarkusTransaction.requiringNew().call(() -> {
            if (users.findByUserName(tenant.id, request.userName()).isPresent()) {
                throw ProblemException.of(ProblemType.CONFLICT, "A user with this user name exists in the tenant.");
            }
            User user = User.create(tenant.id, request.userName().strip(), request.displayName().strip(),
                    request.email().strip(), roles, canonicalLocale(request.locale()), hash, changeRequired,
                    Instant.now());
            users.insert(user);
            audit.success(tenant.id, AuditType.USER_CREATED, principal.actor(), user.id);
            return UserView.of(user, tenant.domain);
        });
        return CreatedUserView.of(created, temporaryPassword);
    }

    @Transactional
    public UserPage list(String domain, String after, Integer limit) {
        caller.require();
        Tenant tenant = tenants.requireByDomain(domain);
        caller.requireAdminOf(tenant.id);
        int size = limit == null ? 50 : Math.max(1, Math.min(MAX_PAGE, limit));
        List<User> page = users.page(tenant.id, decodeCursor(after), size + 1);
        boolean more = page.size() > size;
        List<UserView> items = page.stream().limit(size).map(u -> UserView.of(u, tenant.domain)).toList();
        String next = more ? encodeCursor(items.get(items.size() - 1).userName()) : null;
        return new UserPage(items, next);
    }

    @Transactional
    public UserView get(String domain, UUID userId) {
        caller.require();
        Tenant tenant = tenants.requireByDomain(domain);
        caller.requireAdminOf(tenant.id);
        return UserView.of(users.requireInTenant(tenant.id, userId), tenant.domain);
    }

    @Transactional
    public UserView update(String domain, UUID userId, UpdateUser request) {
        caller.require();
        Tenant found = tenants.requireByDomain(domain);
        Principal principal = caller.requireAdminOf(found.id);
        Set<Role> newRoles = request.roles() == null ? null : roleSet(request.roles());
        if (newRoles != null) {
            checkRolesExistIn(found, newRoles);
        }
        // The tenant row lock orders this change with every other on the tenant's users, so the matrix
        // and the last-global-admin rule are checked against the user as it is now.
        Tenant tenant = tenants.lock(found.id);
        User user = users.requireInTenant(tenant.id, userId);
        requireMayGrant(principal, tenant, user, newRoles == null ? user.roleSet() : newRoles,
                newRoles != null ? AuditType.ROLES_CHANGED : AuditType.USER_UPDATED);
        Instant now = Instant.now();
        boolean wasActiveGlobalAdmin = user.enabled && user.roleSet().contains(Role.GLOBAL_ADMIN);
        if (request.displayName() != null) {
            user.displayName = request.displayName().strip();
        }
        if (request.locale() != null) {
            user.locale = canonicalLocale(request.locale());
        }
        boolean rolesChanged = newRoles != null && !newRoles.equals(user.roleSet());
        if (rolesChanged) {
            user.setRoles(newRoles);
        }
        boolean enabledChanged = request.enabled() != null && request.enabled() != user.enabled;
        if (enabledChanged) {
            user.enabled = request.enabled();
        }
        boolean isActiveGlobalAdmin = user.enabled && user.roleSet().contains(Role.GLOBAL_ADMIN);
        user.updatedAt = now;
        users.update(user);
        if (wasActiveGlobalAdmin && !isActiveGlobalAdmin && users.countEnabledGlobalAdmins(tenant.id) == 0) {
            throw ProblemException.of(ProblemType.CONFLICT,
                    "A tenant must keep at least one enabled global admin.");
        }
        if (enabledChanged && !user.enabled) {
            tokens.revokeAll(user.id, now);
        }
        audit.success(tenant.id, AuditType.USER_UPDATED, principal.actor(), user.id);
        if (rolesChanged) {
            audit.success(tenant.id, AuditType.ROLES_CHANGED, principal.actor(), user.id);
        }
        if (enabledChanged) {
            audit.success(tenant.id, user.enabled ? AuditType.USER_ENABLED : AuditType.USER_DISABLED,
                    principal.actor(), user.id);
        }
        return UserView.of(user, tenant.domain);
    }

    private static Set<Role> roleSet(List<Role> roles) {
        Set<Role> set = EnumSet.noneOf(Role.class);
        set.addAll(roles);
        return set;
    }

    /** ADMIN_AGENT exists only in indirect-provider tenants. */
    public static void checkRolesExistIn(Tenant tenant, Set<Role> roles) {
        if (!tenant.isIndirectProvider() && roles.stream().anyMatch(RoleMatrix.providerOnlyRoles()::contains)) {
            throw ProblemException.invalid("roles", "role-not-available",
                    "ADMIN_AGENT exists only in indirect-provider tenants.");
        }
    }

    /**
     * The role matrix: a user caller must be allowed to manage the target as it is (when there is one) and
     * to grant every role it will hold. The operator may do both for anyone.
     */
    private void requireMayGrant(Principal principal, Tenant tenant, User target, Set<Role> roles, AuditType type) {
        if (!(principal instanceof Principal.SignedIn user)) {
            return;
        }
        boolean allowed = (target == null || RoleMatrix.mayManage(user.roles(), target.roleSet()))
                && RoleMatrix.mayGrant(user.roles(), roles);
        if (!allowed) {
            audit.refused(tenant.id, type, principal.actor(), target == null ? null : target.id,
                    ProblemType.ROLE_NOT_PERMITTED.slug());
            throw ProblemException.of(ProblemType.ROLE_NOT_PERMITTED,
                    "Your role may not manage this user or grant these roles.");
        }
    }

    private static String encodeCursor(String userName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                UserNames.key(userName).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
            if (decoded.indexOf('\u0000') < 0 && decoded.indexOf('\uFFFD') < 0) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // not base64url: refused below
        }
        throw ProblemException.invalid("after", "invalid-cursor", "The cursor is not one this service gave.");
    }

    /** A validated language tag as it is kept: as given, in canonical case ({@code ja-jp} becomes {@code ja-JP}). */
    public static String canonicalLocale(String tag) {
        return tag == null ? null : Locales.canonical(tag).orElseThrow();
    }
}
