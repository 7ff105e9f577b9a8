package dev.identity.policy;

import java.text.Normalizer;

/**
 * A proposed password with what it must not contain. The password is NFKC-normalised here, once,
 * so that every rule and the hash see the same string; it is never truncated.
 */
public record PasswordCandidate(String password, String userName, String displayName, String tenantDomain,
        String tenantDisplayName) {

    public PasswordCandidate {
        password = normalize(password);
    }

    /** NFKC normalisation, the form in which passwords are checked and hashed. */
    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Length in Unicode code points, the unit the length rules count. */
    public int length() {
        return password.codePointCount(0, password.length());
    }
}
