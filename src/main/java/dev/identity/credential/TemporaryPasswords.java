package dev.identity.credential;

import java.security.SecureRandom;

/** Generated temporary passwords: 24 characters from a 57-symbol alphabet, about 140 bits of entropy. */
final class TemporaryPasswords {

    /** Letters and digits without the look-alikes 0/O, 1/l/I. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TemporaryPasswords() {
    }

    /** Four groups of six, dash-separated, for reading aloud over the phone. */
    static String generate() {
        StringBuilder password = new StringBuilder(LENGTH + 3);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 6 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
