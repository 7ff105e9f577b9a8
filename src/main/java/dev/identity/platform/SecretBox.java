package dev.identity.platform;

import dev.identity.IdentityConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Secrets at rest and keyed hashes, from the one key of {@code IDENTITY_SECRETS_KEY}: AES-256-GCM (NIST SP
 * 800-38D) with a random 96-bit nonce for what must be read back, HMAC-SHA256 (RFC 2104) for what must only
 * be compared. Each use has a purpose, bound into the ciphertext or the hash, so one cannot stand for another.
 */
@Startup
@ApplicationScoped
public class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec encryptionKey;
    private final byte[] hmacKey;
    /** The keys of the previous secrets key while it is rotated out; null otherwise. */
    private final SecretKeySpec previousEncryptionKey;
    private final byte[] previousHmacKey;

    @Inject
    SecretBox(IdentityConfig config) {
        this(masterKey(config), config.secretsKeyPrevious().map(k -> decodeKey(k, "IDENTITY_SECRETS_KEY_PREVIOUS"))
                .orElse(null));
    }

    SecretBox(byte[] master, byte[] previous) {
        this.encryptionKey = new SecretKeySpec(derive(master, "encryption"), "AES");
        this.hmacKey = derive(master, "hmac");
        this.previousEncryptionKey = previous == null ? null : new SecretKeySpec(derive(previous, "encryption"), "AES");
        this.previousHmacKey = previous == null ? null : derive(previous, "hmac");
    }

    /** Whether a previous key is configured, so that what was sealed under it should be sealed again. */
    public boolean rotating() {
        return previousEncryptionKey != null;
    }

    /** Whether this sealed value opens with the current key alone (no re-seal needed). */
    public boolean sealedWithCurrentKey(String purpose, String sealed) {
        try {
            open(purpose, sealed, encryptionKey);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * While rotating: the value sealed again under the current key when it was sealed under the previous
     * one; empty when it already opens with the current key, or with neither (nothing can be done for it).
     */
    public Optional<String> resealed(String purpose, String sealed) {
        if (previousEncryptionKey == null || sealedWithCurrentKey(purpose, sealed)) {
            return Optional.empty();
        }
        try {
            return Optional.of(seal(purpose, open(purpose, sealed, previousEncryptionKey)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Encrypts a secret for storage; the purpose must be given again to open it. */
    public String seal(String purpose, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made for the same purpose, under the current key or (while rotating) the
     * previous one; fails if it was altered or made for another purpose.
     */
    public String open(String purpose, String sealed) {
        try {
            return open(purpose, sealed, encryptionKey);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("Cannot decrypt: not a sealed value", e);
        } catch (GeneralSecurityException e) {
            if (previousEncryptionKey != null) {
                try {
                    return open(purpose, sealed, previousEncryptionKey);
                } catch (GeneralSecurityException ignored) {
                    // reported below as for the current key
                }
            }
            throw new IllegalStateException("Cannot decrypt: wrong key or altered data", e);
        }
    }

    private static String open(String purpose, String sealed, SecretKeySpec key) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(sealed));
        if (in.get() != VERSION) {
            throw new IllegalStateException("Unknown sealed format");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(body), StandardCharsets.UTF_8);
    }

    /** A keyed hash of a value for a purpose; compare two with {@link java.security.MessageDigest#isEqual}. */
    public byte[] hmac(String purpose, String value) {
        return hmac(hmacKey, purpose, value);
    }

    /**
     * The keyed hash under the previous key while rotating, to compare with what was stored before the
     * rotation; empty otherwise.
     */
    public Optional<byte[]> previousHmac(String purpose, String value) {
        return previousHmacKey == null ? Optional.empty()
                : Optional.of(hmac(previousHmacKey, purpose, value));
    }

    private static byte[] hmac(byte[] key, String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] derive(byte[] master, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(("identity-service/" + label).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] masterKey(IdentityConfig config) {
        if (config.secretsKey().isPresent()) {
            return decodeKey(config.secretsKey().get(), "IDENTITY_SECRETS_KEY");
        }
        return switch (LaunchMode.current()) {
            case TEST -> randomKey();
            case DEVELOPMENT -> devKey(config);
            default -> throw new IllegalStateException(
                    "IDENTITY_SECRETS_KEY is required: base64 of 32 random bytes (openssl rand -base64 32)");
        };
    }

    private static byte[] decodeKey(String base64, String name) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(name + " must be base64 of 32 random bytes (openssl rand -base64 32)");
        }
        return key;
    }

    /** Dev mode keeps a generated key beside its embedded database, so restarts can still read what was sealed. */
    private static byte[] devKey(IdentityConfig config) {
        Path dir = config.embeddedDb().dir().map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".identity-service"));
        Path file = (config.embeddedDb().dir().isPresent() ? dir.getParent() : dir).resolve("dev-secrets.key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = randomKey();
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            LOG.infof("Generated a dev-mode secrets key in %s (set IDENTITY_SECRETS_KEY in production)", file);
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot keep the dev secrets key in " + file, e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
