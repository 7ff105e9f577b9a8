package dev.identity.recovery;

import java.util.Locale;

/**
 * The states of a recovery flow, as {@code recovery_flow.state} stores them (V3__recovery.sql). A flow starts
 * {@link #PENDING}; passing its last gate makes it {@link #VERIFIED} (a reset token is issued); the reset makes it
 * {@link #COMPLETED}. The fifth wrong code makes a pending flow {@link #LOCKED}; a newer start from the same address
 * makes a pending or verified one {@link #SUPERSEDED}. Time ends any state too: a flow past its expiry, or a code
 * or token past its own, takes nothing more, whatever its state says.
 */
public enum FlowState {
    PENDING, VERIFIED, COMPLETED, SUPERSEDED, LOCKED;

    /** The state as the column stores it. */
    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FlowState of(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
