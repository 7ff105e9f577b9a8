package dev.identity.credential;

import dev.identity.platform.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * One-time codes and reset tokens: made from a strong random source, kept only as an HMAC bound to the flow
 * they belong to, and compared in constant time.
 */
@ApplicationScoped
public class Codes {

    /** A reset token carries 256 random bits. */
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretBox secrets;

    Codes(SecretBox secrets) {
        this.secrets = secrets;
    }

    /** Eight random digits, leading zeros kept. */
    public String newCode() {
        return String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    /** A reset token: 256 random bits, base64url. */
    public String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The keyed hash of a code or token, bound to its purpose and to the flow or request it belongs to. */
    public byte[] hash(String purpose, UUID owner, String value) {
        return secrets.hmac(purpose, owner + "\u0000" + value);
    }

    /** Whether a value matches a stored hash; a missing hash never matches but costs the same. */
    public boolean matches(String purpose, UUID owner, String value, byte[] stored) {
        String input = owner + "\u0000" + (value == null ? "" : value);
        byte[] candidate = secrets.hmac(purpose, input);
        byte[] against = stored == null ? new byte[candidate.length] : stored;
        boolean equal = MessageDigest.isEqual(candidate, against);
        // While the secrets key rotates, a code sent before the rotation was hashed under the previous key.
        boolean previous = secrets.previousHmac(purpose, input).map(p -> MessageDigest.isEqual(p, against))
                .orElse(false);
        return stored != null && (equal | previous);
    }
}
