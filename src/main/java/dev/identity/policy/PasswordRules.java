package dev.identity.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The rules of DESIGN.md section 5, one small class each (OWASP ASVS 2.1). */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    /** zxcvbn score below which a password counts as easily guessed (3 = at least 10^8 guesses). */
    static final int MIN_SCORE = 3;

    private PasswordRules() {
    }

    static List<PasswordRule> all() {
        return List.of(new MinLength(), new MaxLength(), new CommonPassword(), new EasilyGuessed(),
                new ContainsUserName(), new ContainsDisplayName(), new ContainsTenantName());
    }

    static final class MinLength implements PasswordRule {
        public String key() {
            return "min-length";
        }

        public Optional<String> check(PasswordCandidate c, PasswordStrength s) {
            return c.length() < MIN_LENGTH
                    ? Optional.of("Use at least " + MIN_LENGTH + " characters.") : Optional.empty();
        }
    }

    static final class MaxLength implements PasswordRule {
        public String key() {
            return "max-length";
        }

        public Optional<String> check(PasswordCandidate c, PasswordStrength s) {
            return c.length() > MAX_LENGTH
                    ? Optional.of("Use at most " + MAX_LENGTH + " characters.") : Optional.empty();
        }
    }

    static final class CommonPassword implements PasswordRule {
        public String key() {
            return "common-password";
        }

        public Optional<String> check(PasswordCandidate c, PasswordStrength s) {
            return s != null && s.isCommonPassword()
                    ? Optional.of("This is a commonly used password.") : Optional.empty();
        }
    }

    static final class EasilyGuessed implements PasswordRule {
        public String key() {
            return "easily-guessed";
        }

        public Optional<String> check(PasswordCandidate c, PasswordStrength s) {
            return s != null && !s.isCommonPassword() && s.score() < MIN_SCORE
                    ? Optional.of("This password is easy to guess: add more unrelated words or characters.")
                    : Optional.empty();
        }
    }

    static final class ContainsUserName implements PasswordRule {
        public String key() {
            return "contains-user-name";
        }

        public Optional<String> check(PasswordCandidate c, PasswordStrength s) {
            return containsAny(c.password(), userNameParts(c.userName()))
                    ? Optional.of("The password must not contain the user name.") : Optional.empty();
        }
    }

    static final class ContainsDisplayName implements PasswordRule {
        public String key() {
            return "contains-display-name";
        }

        public Optional<String> check(PasswordCandidate c, PasswordStrength s) {
            return containsAny(c.password(), nameParts(c.displayName()))
                    ? Optional.of("The password must not contain your name.") : Optional.empty();
        }
    }

    static final class ContainsTenantName implements PasswordRule {
        public String key() {
            return "contains-tenant-name";
        }

        public Optional<String> check(PasswordCandidate c, PasswordStrength s) {
            List<String> parts = new ArrayList<>(domainParts(c.tenantDomain()));
            parts.addAll(nameParts(c.tenantDisplayName()));
            return containsAny(c.password(), parts)
                    ? Optional.of("The password must not contain the organisation's name.") : Optional.empty();
        }
    }

    /** The words a password must not contain, also given to the strength estimate as user inputs. */
    static List<String> personalWords(PasswordCandidate c) {
        List<String> words = new ArrayList<>(userNameParts(c.userName()));
        words.addAll(nameParts(c.displayName()));
        words.addAll(domainParts(c.tenantDomain()));
        words.addAll(nameParts(c.tenantDisplayName()));
        return words;
    }

    /** The whole user name and its local part (before {@code @}) when it is long enough to mean something. */
    static List<String> userNameParts(String userName) {
        if (userName == null || userName.isBlank()) {
            return List.of();
        }
        String name = fold(userName);
        List<String> parts = new ArrayList<>(List.of(name));
        int at = name.indexOf('@');
        if (at >= 3) {
            parts.add(name.substring(0, at));
        }
        return parts;
    }

    /** The whole name and each word of at least four characters. */
    static List<String> nameParts(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        String folded = fold(name).strip();
        List<String> parts = new ArrayList<>();
        if (folded.length() >= 3) {
            parts.add(folded);
        }
        for (String word : folded.split("[\\s\\p{Punct}]+")) {
            if (word.codePointCount(0, word.length()) >= 4) {
                parts.add(word);
            }
        }
        return parts;
    }

    /** The domain and its labels of at least three characters, but not the top-level domain. */
    static List<String> domainParts(String domain) {
        if (domain == null || domain.isBlank()) {
            return List.of();
        }
        String folded = fold(domain);
        List<String> parts = new ArrayList<>(List.of(folded));
        String[] labels = folded.split("\\.");
        for (int i = 0; i < labels.length - 1; i++) {
            if (labels[i].length() >= 3) {
                parts.add(labels[i]);
            }
        }
        return parts;
    }

    private static boolean containsAny(String password, List<String> parts) {
        String folded = fold(password);
        return parts.stream().anyMatch(p -> !p.isEmpty() && folded.contains(p));
    }

    private static String fold(String s) {
        return PasswordCandidate.normalize(s).toLowerCase(Locale.ROOT);
    }
}
