package dev.identity.session;

import dev.identity.audit.Actor;
import dev.identity.policy.Role;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Who a bearer token belongs to: the operator or a signed-in user. */
public sealed interface Principal {

    Actor actor();

    /** The operator (support), known by the configured operator token. */
    record Operator() implements Principal {
        @Override
        public Actor actor() {
            return Actor.OPERATOR;
        }
    }

    /**
     * A signed-in user, as of the request: roles and the password-change flag are read at each request, and when the
     * session last proved the password (its sign-in or a reauthentication).
     */
    record SignedIn(UUID sessionId, UUID userId, UUID tenantId, String tenantDomain, Set<Role> roles,
            boolean passwordChangeRequired, Instant provedAt) implements Principal {
        @Override
        public Actor actor() {
            return Actor.user(userId, tenantId);
        }
    }
}
