package dev.identity.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The password policy, the same for every path that sets a password: length 12 to 128 code points
 * after NFKC, no common or easily guessed password, nothing of the user's or tenant's names. The rule
 * that a password must differ from the one it replaces needs the stored hash and lives with it.
 */
public final class PasswordPolicy {

    private final List<PasswordRule> rules = PasswordRules.all();

    /** Every rule the candidate breaks, in a stable order; empty when the password is acceptable. */
    public List<PolicyViolation> check(PasswordCandidate candidate) {
        // Estimating an over-long password is wasted work and unbounded in cost: the length rule refuses it.
        PasswordStrength strength = candidate.length() > PasswordRules.MAX_LENGTH ? null
                : PasswordStrength.estimate(candidate.password(), PasswordRules.personalWords(candidate));
        return apply(candidate, strength);
    }

    private List<PolicyViolation> apply(PasswordCandidate candidate, PasswordStrength strength) {
        List<PolicyViolation> violations = new ArrayList<>();
        for (PasswordRule rule : rules) {
            rule.check(candidate, strength).ifPresent(m -> violations.add(new PolicyViolation(rule.key(), m)));
        }
        return violations;
    }

    /**
     * The rules without the strength estimate, for generated passwords of 128 random bits or more: no
     * estimate can find them guessable, and on a long random string it costs milliseconds.
     */
    public List<PolicyViolation> checkWithoutEstimate(PasswordCandidate candidate) {
        return apply(candidate, null);
    }

    /** A broken rule: its key and a message. */
    public record PolicyViolation(String rule, String message) {
    }
}
