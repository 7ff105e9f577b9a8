package dev.identity.session;

import dev.identity.IdentityConfig;
import dev.identity.platform.RequestInfo;
import dev.identity.policy.Role;
import dev.identity.policy.RoleMatrix;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated caller of the current request, resolved once from {@code Authorization: Bearer}.
 * Each {@code require...} method states what an endpoint accepts, and refuses everything else with the
 * right problem. A token whose user must change a temporary password passes only
 * {@link #requireSignedInAllowingPasswordChange()}.
 */
@RequestScoped
public class Caller {

    @Inject
    RequestInfo request;
    @Inject
    TokenService tokens;
    @Inject
    IdentityConfig config;

    /** How long a sign-in or a reauthentication counts as a fresh proof of the password. */
    public static final Duration FRESH_PROOF = Duration.ofMinutes(10);

    private Optional<Principal> principal;

    /** The caller, if the request carries a valid token. */
    public Optional<Principal> principal() {
        if (principal == null) {
            principal = resolve();
        }
        return principal;
    }

    /** Any valid caller, but not a user who must first change a temporary password. */
    public Principal require() {
        Principal p = principal().orElseThrow(Caller::unauthorized);
        if (p instanceof Principal.SignedIn user && user.passwordChangeRequired()) {
            throw ProblemException.of(ProblemType.PASSWORD_CHANGE_REQUIRED,
                    "Change your temporary password with POST /api/v1/me/password first.");
        }
        return p;
    }

    /** A signed-in user, not the operator, with no pending password change. */
    public Principal.SignedIn requireSignedIn() {
        if (require() instanceof Principal.SignedIn user) {
            return user;
        }
        throw ProblemException.of(ProblemType.FORBIDDEN, "This endpoint is for signed-in users.");
    }

    /**
     * A signed-in user whose session proved the password within the last {@link #FRESH_PROOF} (its sign-in, or
     * {@code POST /api/v1/me/reauthenticate}): what changing how the account is recovered needs (DESIGN.md 7), so
     * that a stolen token alone cannot re-point recovery.
     */
    public Principal.SignedIn requireFreshProof() {
        Principal.SignedIn user = requireSignedIn();
        if (user.provedAt().isBefore(Instant.now().minus(FRESH_PROOF))) {
            throw ProblemException.of(ProblemType.REAUTHENTICATION_REQUIRED, "Changing how this account is recovered "
                    + "needs your password again: POST /api/v1/me/reauthenticate, then retry within 10 minutes.");
        }
        return user;
    }

    /** A signed-in user, even one who must change a temporary password. */
    public Principal.SignedIn requireSignedInAllowingPasswordChange() {
        Principal p = principal().orElseThrow(Caller::unauthorized);
        if (p instanceof Principal.SignedIn user) {
            return user;
        }
        throw ProblemException.of(ProblemType.FORBIDDEN, "This endpoint is for signed-in users.");
    }

    /** The operator only. */
    public Principal.Operator requireOperator() {
        if (require() instanceof Principal.Operator operator) {
            return operator;
        }
        throw ProblemException.of(ProblemType.FORBIDDEN, "Only the operator may do this.");
    }

    /**
     * The operator, or a user of that tenant holding an admin role that manages someone: another tenant's
     * user is refused as forbidden, a user of the tenant without such a role as role-not-permitted.
     */
    public Principal requireAdminOf(UUID tenantId) {
        Principal p = require();
        if (p instanceof Principal.SignedIn user) {
            if (!user.tenantId().equals(tenantId)) {
                throw ProblemException.of(ProblemType.FORBIDDEN, "Only an admin of this tenant may do this.");
            }
            if (!RoleMatrix.isTenantAdmin(user.roles())) {
                throw ProblemException.of(ProblemType.ROLE_NOT_PERMITTED, "Your role does not administer this tenant.");
            }
        }
        return p;
    }

    /** The operator, or a GLOBAL_ADMIN of that tenant. */
    public Principal requireGlobalAdminOf(UUID tenantId) {
        Principal p = require();
        if (p instanceof Principal.SignedIn user
                && (!user.tenantId().equals(tenantId) || !user.roles().contains(Role.GLOBAL_ADMIN))) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "Only a global admin of this tenant may do this.");
        }
        return p;
    }

    private Optional<Principal> resolve() {
        Optional<String> token = request.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(t -> !t.isEmpty() && t.length() <= 512);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (isOperatorToken(token.get())) {
            return Optional.of(new Principal.Operator());
        }
        Instant now = Instant.now();
        // One statement: in the caller's transaction when there is one, else on its own in autocommit.
        Optional<Principal.SignedIn> user = tokens.resolve(token.get(), now);
        user.ifPresent(u -> request.actFor(u.userId(), u.tenantId()));
        return user.map(p -> p);
    }

    /** The operator token, or during its rotation the previous one; both compared in constant time. */
    private boolean isOperatorToken(String token) {
        boolean current = matchesOperator(config.operatorToken(), token);
        boolean previous = matchesOperator(config.operatorTokenPrevious(), token);
        return current | previous;
    }

    private static boolean matchesOperator(Optional<String> configured, String token) {
        return configured.filter(op -> !op.isBlank())
                .map(op -> MessageDigest.isEqual(TokenService.sha256(op), TokenService.sha256(token)))
                .orElse(false);
    }

    private static ProblemException unauthorized() {
        return ProblemException.of(ProblemType.UNAUTHORIZED, "Sign in and send the access token as a Bearer token.");
    }
}
