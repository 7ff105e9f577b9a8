package dev.identity.recovery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One self-service recovery as verify reads it: whose it is ({@code userId} null when nobody can be recovered),
 * its state, the gates it asks for and those passed, the emailed code's hash and expiry, and the attempts counted.
 */
record RecoveryFlow(UUID id, UUID tenantId, UUID userId, FlowState state, List<String> requiredMethods,
        List<String> passedMethods, int needCount, byte[] emailCodeHash, Instant emailCodeExpires, int attempts) {

    /** Whether this flow lets {@code method} recover somebody: it asks for it, and somebody is there. */
    boolean offers(String method) {
        return userId != null && requiredMethods.contains(method);
    }

    boolean passed(String method) {
        return passedMethods.contains(method);
    }

    /** The first gate asked for and not yet passed. */
    String missing() {
        return requiredMethods.stream().filter(m -> !passedMethods.contains(m)).findFirst().orElseThrow();
    }
}
