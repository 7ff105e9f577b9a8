package dev.identity.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.password4j.BcryptFunction;
import com.password4j.PBKDF2Function;
import com.password4j.ScryptFunction;
import com.password4j.types.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Password hashes made by other systems, brought in by the user import and verified at sign-in with their own
 * algorithm until the first sign-in replaces them with Argon2id at this service's parameters.
 *
 * <p>Stored as the standard strings of their kind, so that what is stored says how to verify it:
 * <ul>
 * <li>Argon2 PHC strings ({@code $argon2id$}, {@code $argon2i$}, {@code $argon2d$}, any parameters within
 * {@link Argon2id}'s bounds), verified by libargon2 through {@link Argon2id};</li>
 * <li>bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}), verified by Password4j;</li>
 * <li>PBKDF2 with HMAC-SHA1, -SHA256 or -SHA512 in passlib's form ({@code $pbkdf2-sha256$29000$salt$hash}, salt and
 * hash in passlib's adapted base64) or the PHC form ({@code $pbkdf2-sha256$i=29000,l=32$salt$hash}), derived by
 * Password4j;</li>
 * <li>scrypt in PHC form as passlib writes it ({@code $scrypt$ln=16,r=8,p=1$salt$hash}), derived by Password4j.</li>
 * </ul>
 * Keycloak's exported credential (its {@code secretData} and {@code credentialData} JSON) is turned into the Argon2 PHC
 * string or the passlib PBKDF2 string it stands for.
 *
 * <p>Each kind has bounds on its cost: a hash is verified with the parameters it carries, and an import must not be
 * a way to make one sign-in cost minutes or gigabytes.
 */
public final class ImportedHashes {

    static final int MAX_BCRYPT_COST = 14;
    /** PBKDF2 work: iterations times the blocks of the derived key. Keycloak's SHA-1 default (1.3M, 64 bytes) is 5.2M. */
    static final long MAX_PBKDF2_WORK = 8_000_000L;
    /** scrypt memory, 128 r N bytes: passlib's default (ln=16, r=8) is 64 MiB. Derived on the Java heap. */
    static final long MAX_SCRYPT_BYTES = 64L << 20;
    static final int MAX_SCRYPT_PARALLELISM = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}$");
    private static final Pattern PBKDF2 = Pattern.compile(
            "^\\$pbkdf2(?:-(sha256|sha512))?\\$(?:(\\d{1,9})|i=(\\d{1,9})(?:,l=(\\d{1,3}))?)\\$([./A-Za-z0-9+]{0,172})\\$([./A-Za-z0-9+]{16,172})$");
    private static final Pattern SCRYPT = Pattern.compile(
            "^\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,3}),p=(\\d{1,3})\\$([./A-Za-z0-9+]{0,172})\\$([./A-Za-z0-9+]{16,172})$");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private ImportedHashes() {
    }

    /** Why a hash cannot be imported, for the import's answer line. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The string to store for a hash as the import gives it: a string of one of the kinds above, or Keycloak's
     * credential object. Refused when the form is unknown, malformed, or beyond the bounds.
     */
    public static String toStored(JsonNode given) throws Refused {
        if (given == null || given.isNull()) {
            throw new Refused("passwordHash is null.");
        }
        if (given.isTextual()) {
            String hash = given.asText();
            if (!isVerifiable(hash)) {
                throw new Refused(describeRefusal(hash));
            }
            return hash;
        }
        if (given.isObject() && given.has("secretData") && given.has("credentialData")) {
            return fromKeycloak(given);
        }
        throw new Refused("passwordHash must be a hash string (Argon2, bcrypt, PBKDF2 or scrypt) or a Keycloak "
                + "credential with secretData and credentialData.");
    }

    /** Whether a stored string is a hash of one of the imported kinds this class (or Argon2id) can verify. */
    public static boolean isVerifiable(String stored) {
        if (stored == null) {
            return false;
        }
        if (stored.startsWith("$argon2")) {
            return Argon2id.isWellFormed(stored);
        }
        return bcryptCost(stored).isPresent() || pbkdf2(stored).isPresent() || scrypt(stored).isPresent();
    }

    /**
     * Whether the password matches a stored bcrypt, PBKDF2 or scrypt hash (Argon2 is {@link Argon2id}'s). False for
     * anything else, and for a hash beyond the bounds.
     */
    static boolean verifyNonArgon2(String password, String stored) {
        if (bcryptCost(stored).isPresent()) {
            return BcryptFunction.getInstanceFromHash(stored).check(password, stored);
        }
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        Optional<Pbkdf2> pbkdf2 = pbkdf2(stored);
        if (pbkdf2.isPresent()) {
            Pbkdf2 p = pbkdf2.get();
            byte[] derived = PBKDF2Function.getInstance(p.hmac, p.iterations, p.hash.length * 8)
                    .hash(secret, p.salt).getBytes();
            return MessageDigest.isEqual(derived, p.hash);
        }
        Optional<Scrypt> scrypt = scrypt(stored);
        if (scrypt.isPresent()) {
            Scrypt s = scrypt.get();
            byte[] derived = ScryptFunction.getInstance(1 << s.log2N, s.r, s.p, s.hash.length)
                    .hash(secret, s.salt).getBytes();
            return MessageDigest.isEqual(derived, s.hash);
        }
        return false;
    }

    private static Optional<Integer> bcryptCost(String stored) {
        Matcher m = BCRYPT.matcher(stored);
        if (!m.matches()) {
            return Optional.empty();
        }
        int cost = Integer.parseInt(m.group(1));
        return cost >= 4 && cost <= MAX_BCRYPT_COST ? Optional.of(cost) : Optional.empty();
    }

    private record Pbkdf2(Hmac hmac, int iterations, byte[] salt, byte[] hash) {
    }

    private static Optional<Pbkdf2> pbkdf2(String stored) {
        Matcher m = PBKDF2.matcher(stored);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Hmac hmac = m.group(1) == null ? Hmac.SHA1 : m.group(1).equals("sha256") ? Hmac.SHA256 : Hmac.SHA512;
            int digestBytes = hmac == Hmac.SHA1 ? 20 : hmac == Hmac.SHA256 ? 32 : 64;
            int iterations = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(3));
            byte[] salt = decode(m.group(5));
            byte[] hash = decode(m.group(6));
            if (m.group(4) != null && Integer.parseInt(m.group(4)) != hash.length) {
                return Optional.empty();
            }
            long work = (long) iterations * ((hash.length + digestBytes - 1) / digestBytes);
            if (iterations < 1 || work > MAX_PBKDF2_WORK || hash.length < 16 || hash.length > 128) {
                return Optional.empty();
            }
            return Optional.of(new Pbkdf2(hmac, iterations, salt, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record Scrypt(int log2N, int r, int p, byte[] salt, byte[] hash) {
    }

    private static Optional<Scrypt> scrypt(String stored) {
        Matcher m = SCRYPT.matcher(stored);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int log2N = Integer.parseInt(m.group(1));
            int r = Integer.parseInt(m.group(2));
            int p = Integer.parseInt(m.group(3));
            if (log2N < 1 || log2N > 24 || r < 1 || p < 1 || p > MAX_SCRYPT_PARALLELISM
                    || 128L * r * (1L << log2N) > MAX_SCRYPT_BYTES) {
                return Optional.empty();
            }
            byte[] hash = decode(m.group(5));
            if (hash.length < 16 || hash.length > 128) {
                return Optional.empty();
            }
            return Optional.of(new Scrypt(log2N, r, p, decode(m.group(4)), hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Standard base64, or passlib's adapted base64 ({@code .} for {@code +}), padded or not. */
    private static byte[] decode(String text) {
        return Base64.getDecoder().decode(text.replace('.', '+'));
    }

    private static String ab64(byte[] bytes) {
        return B64.encodeToString(bytes).replace('+', '.');
    }

    private static String describeRefusal(String hash) {
        if (hash.startsWith("$argon2")) {
            return "The Argon2 hash is malformed or beyond the bounds this service verifies (memory up to "
                    + Argon2id.MAX_MEMORY_KIB + " KiB, " + Argon2id.MAX_ITERATIONS + " passes, "
                    + Argon2id.MAX_PARALLELISM + " lanes).";
        }
        if (hash.startsWith("$2")) {
            return "The bcrypt hash is malformed or its cost is over " + MAX_BCRYPT_COST + ".";
        }
        if (hash.startsWith("$pbkdf2")) {
            return "The PBKDF2 hash is malformed or costs more than " + MAX_PBKDF2_WORK + " iterations per block.";
        }
        if (hash.startsWith("$scrypt$")) {
            return "The scrypt hash is malformed or needs more than " + (MAX_SCRYPT_BYTES >> 20) + " MiB.";
        }
        return "Unknown hash form: accepted are Argon2 and scrypt PHC strings, bcrypt ($2a$, $2b$, $2y$), PBKDF2 in "
                + "passlib's or the PHC form, and Keycloak credentials.";
    }

    private static String fromKeycloak(JsonNode credential) throws Refused {
        JsonNode secret = embedded(credential.get("secretData"));
        JsonNode data = embedded(credential.get("credentialData"));
        String algorithm = data.path("algorithm").asText("").toLowerCase(Locale.ROOT);
        int iterations = data.path("hashIterations").asInt(-1);
        byte[] salt;
        byte[] value;
        try {
            salt = Base64.getDecoder().decode(secret.path("salt").asText(""));
            value = Base64.getDecoder().decode(secret.path("value").asText(""));
        } catch (IllegalArgumentException e) {
            throw new Refused("The Keycloak credential's salt or value is not base64.");
        }
        if (iterations < 1 || value.length == 0) {
            throw new Refused("The Keycloak credential has no hashIterations or no value.");
        }
        String stored;
        try {
            stored = keycloakToStored(algorithm, iterations, data, salt, value);
        } catch (NumberFormatException e) {
            throw new Refused("The Keycloak credential's parameters are not numbers.");
        }
        if (!isVerifiable(stored)) {
            throw new Refused(describeRefusal(stored));
        }
        return stored;
    }

    private static String keycloakToStored(String algorithm, int iterations, JsonNode data, byte[] salt, byte[] value)
            throws Refused {
        return switch (algorithm) {
            case "argon2" -> {
                JsonNode parameters = data.path("additionalParameters");
                String type = first(parameters, "type", "id");
                String version = first(parameters, "version", "1.3");
                if (!type.equals("id") && !type.equals("i") && !type.equals("d")) {
                    throw new Refused("Unknown Keycloak Argon2 type " + type + ".");
                }
                int hashLength = Integer.parseInt(first(parameters, "hashLength", String.valueOf(value.length)));
                if (hashLength != value.length) {
                    throw new Refused("The Keycloak credential's hashLength does not match its value.");
                }
                yield "$argon2" + type + "$v=" + (version.equals("1.0") ? 16 : 19) + "$m="
                        + first(parameters, "memory", "7168") + ",t=" + iterations + ",p="
                        + first(parameters, "parallelism", "1") + "$" + B64.encodeToString(salt) + "$"
                        + B64.encodeToString(value);
            }
            case "pbkdf2" -> "$pbkdf2$" + iterations + "$" + ab64(salt) + "$" + ab64(value);
            case "pbkdf2-sha256" -> "$pbkdf2-sha256$" + iterations + "$" + ab64(salt) + "$" + ab64(value);
            case "pbkdf2-sha512" -> "$pbkdf2-sha512$" + iterations + "$" + ab64(salt) + "$" + ab64(value);
            default -> throw new Refused("Unknown Keycloak hash algorithm '" + algorithm
                    + "': accepted are argon2, pbkdf2, pbkdf2-sha256 and pbkdf2-sha512.");
        };
    }

    /** Keycloak's export holds secretData and credentialData as JSON inside strings; either form is taken. */
    private static JsonNode embedded(JsonNode node) throws Refused {
        if (node != null && node.isTextual()) {
            try {
                return JSON.readTree(node.asText());
            } catch (java.io.IOException e) {
                throw new Refused("The Keycloak credential's secretData or credentialData is not JSON.");
            }
        }
        if (node == null || !node.isObject()) {
            throw new Refused("The Keycloak credential's secretData and credentialData must be JSON objects.");
        }
        return node;
    }

    private static String first(JsonNode parameters, String name, String fallback) {
        JsonNode value = parameters.path(name);
        if (value.isArray() && !value.isEmpty()) {
            return value.get(0).asText();
        }
        return value.isValueNode() && !value.isNull() && !value.isMissingNode() ? value.asText() : fallback;
    }
}
