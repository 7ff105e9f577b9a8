package dev.identity.session;

import dev.identity.policy.AccessPolicy;
import java.util.UUID;

/** Puts a caller into the terms of {@link AccessPolicy}: the operator, a member of the tenant, or an outsider. */
public final class Requesters {

    private Requesters() {
    }

    /** The caller as seen from a tenant, acting on {@code targetUserId} (null when on no user). */
    public static AccessPolicy.Requester of(Principal principal, UUID tenantId, UUID targetUserId) {
        if (principal instanceof Principal.SignedIn user) {
            return user.tenantId().equals(tenantId)
                    ? new AccessPolicy.Member(user.roles(), user.userId().equals(targetUserId))
                    : new AccessPolicy.Outsider();
        }
        return new AccessPolicy.Operator();
    }
}
