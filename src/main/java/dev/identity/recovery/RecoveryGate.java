package dev.identity.recovery;

import java.time.Instant;

/**
 * One way a user proves who they are in a recovery (DESIGN.md 4): its name in the API, whether a user has it, and
 * the check of a code typed for it. A new method is a new gate, listed in {@link RecoveryGates}.
 */
interface RecoveryGate {

    /** The method's name, as the API and the flow's columns spell it. */
    String method();

    /** Whether a user can pass this gate: a verified address to mail, an active authenticator. */
    boolean availableTo(RecoveryFlows.Candidate user);

    /** Refuses, before an attempt is counted, a code that is over by time; does nothing when it is not. */
    default void beforeAttempt(RecoveryFlow flow, Instant now) {
    }

    /**
     * Compares a code: null when it is right, else why not ({@code wrong-code}, {@code replayed-code}). A gate
     * the flow does not offer (nobody, or no such method) does the same work and is wrong.
     */
    String check(RecoveryFlow flow, String code);
}
