package dev.identity.audit;

import java.util.UUID;

/** Who did something: a signed-in user of some tenant, the operator, or nobody known. */
public record Actor(Kind kind, UUID userId, UUID tenantId) {

    public enum Kind { USER, OPERATOR, ANONYMOUS, SYSTEM }

    public static final Actor OPERATOR = new Actor(Kind.OPERATOR, null, null);
    public static final Actor ANONYMOUS = new Actor(Kind.ANONYMOUS, null, null);
    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, null, null);

    public static Actor user(UUID userId, UUID tenantId) {
        return new Actor(Kind.USER, userId, tenantId);
    }
}
