package dev.identity.policy;

import java.util.Optional;

/** One rule of the password policy: a stable key and, when broken, a message for people. */
public interface PasswordRule {

    /** The rule's key, reported in {@code violations[].rule}. */
    String key();

    /** The message when the candidate breaks the rule, else empty. */
    Optional<String> check(PasswordCandidate candidate, PasswordStrength strength);
}
