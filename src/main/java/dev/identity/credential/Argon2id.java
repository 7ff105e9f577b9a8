package dev.identity.credential;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id (RFC 9106) in the PHC string form {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>},
 * computed by the first of these this JVM and CPU offer, chosen once, at class loading:
 * <ol>
 * <li>{@link LibArgon2}'s build for this CPU's family (AVX-512 or AVX2, made by the service's build);
 * <li>{@link VectorArgon2} (Java, the Vector API), where the JVM runs it at speed: the incubator module
 * {@code jdk.incubator.vector} (the JVM option {@code --add-modules jdk.incubator.vector}), the C2 compiler (not
 * {@code -XX:TieredStopAtLevel=1}, not {@code -Xint}: elsewhere the Vector API runs as plain objects, a hundred times
 * slower) and vectors of 256 bits or more for this CPU;
 * <li>{@link LibArgon2}'s portable build.
 * </ol>
 * All give the same bytes. {@link #implementation()} says which one runs.
 *
 * <p>The memory of a hash is the calling thread's ({@link HashMemory}). No framework type: the JMH benchmark
 * (bench/jmh) measures exactly this class.
 */
public final class Argon2id {

    static final int ARGON2D = 0;
    static final int ARGON2I = 1;
    static final int ARGON2ID = 2;
    /** Argon2 version 1.3 (0x13), the one RFC 9106 specifies; 1.0 (0x10) hashes still verify. */
    static final int VERSION_13 = 0x13;
    static final int VERSION_10 = 0x10;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final byte[] NONE = new byte[0];
    /**
     * A PHC string of Argon2id, Argon2i or Argon2d; the version is 1.0 when absent (as libargon2 writes 1.0
     * hashes). Imported hashes come in all three (Keycloak's default is Argon2id, passlib's older one Argon2i).
     */
    private static final Pattern PHC = Pattern.compile(
            "^\\$argon2(id|i|d)\\$(?:v=(16|19)\\$)?m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,86})$");
    /**
     * Bounds on what a stored hash may ask for: an imported hash is verified at sign-in with the parameters it
     * carries, and one with 4 GiB and 1,000 passes would be a way to stall the hash pool. 256 MiB and 32 passes
     * are above any deployment's own settings met in practice (libsodium's "sensitive" is 1 GiB, but not for
     * logins).
     */
    static final int MAX_MEMORY_KIB = 256 * 1024;
    static final int MAX_ITERATIONS = 32;
    static final int MAX_PARALLELISM = 16;
    /** Whether {@link VectorArgon2} computes the hashes in this JVM (there is no libargon2 for this CPU). */
    private static final boolean VECTORS = LibArgon2.cpuFamily().isEmpty() && vectorsAtSpeed();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    /** Whether the hashes of this JVM are vectorised (and so slow until C2 has compiled them). */
    static boolean vectorised() {
        return VECTORS;
    }

    /** What computes the hashes in this JVM, for the log and the benchmarks. */
    public static String implementation() {
        if (VECTORS) {
            return "Vector API, " + Compression.vectorBits() + "-bit vectors";
        }
        return LibArgon2.cpuFamily().map(family -> "libargon2 built for " + family)
                .orElse("libargon2 (portable C; the Vector API needs --add-modules jdk.incubator.vector, C2 and"
                        + " 256-bit vectors)");
    }

    /** Where the calling thread's hash memory starts; 0 before its first hash. */
    static long memoryAddress() {
        return HashMemory.address();
    }

    private static boolean vectorsAtSpeed() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean compiles = Boolean.parseBoolean(hotspot.getVMOption("UseCompiler").getValue());
            boolean tiered = Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue());
            int highestTier = Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
            if (!compiles || (tiered && highestTier < 4)) {
                return false;
            }
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or it does not say: the reference implementation
        }
        return Compression.vectorBits() >= 256;
    }

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    public Argon2id(int memoryKib, int iterations, int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** The PHC string of a password (hashed as UTF-8) with a fresh random salt and the configured parameters. */
    public String hash(String password) {
        return hash(password, VECTORS);
    }

    /**
     * The same computed by libargon2 (for this CPU, or portable) whatever this JVM offers: the same string, and no
     * wait for C2 to compile the vectorised code (its first hash takes a second or two), for a hash needed while the
     * service starts.
     */
    String hashByReference(String password) {
        return hash(password, false);
    }

    private String hash(String password, boolean vectors) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = raw(vectors, Type.ID, password, salt, HASH_BYTES, memoryKib, iterations, parallelism,
                VERSION_13);
        return String.format(Locale.ROOT, "$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", VERSION_13, memoryKib, iterations,
                parallelism, B64.encodeToString(salt), B64.encodeToString(hash));
    }

    /**
     * Whether the password matches a PHC string (Argon2id, Argon2i or Argon2d), with the parameters written in it.
     * False if malformed or beyond the bounds above.
     */
    public boolean verify(String password, String phc) {
        Parsed parsed = parse(phc);
        if (parsed == null) {
            return false;
        }
        byte[] hash = raw(VECTORS, parsed.type, password, parsed.salt, parsed.hash.length, parsed.memoryKib,
                parsed.iterations, parsed.parallelism, parsed.version);
        return MessageDigest.isEqual(hash, parsed.hash);
    }

    /** Whether a string is an Argon2 PHC string this class can verify, within the bounds above. */
    public static boolean isWellFormed(String phc) {
        return parse(phc) != null;
    }

    /**
     * Whether a PHC string is malformed, or not Argon2id, or made with an older version or weaker parameters than
     * these.
     */
    public boolean needsRehash(String phc) {
        Parsed parsed = parse(phc);
        return parsed == null || parsed.type != Type.ID || parsed.version < VERSION_13 || parsed.memoryKib < memoryKib
                || parsed.iterations < iterations || parsed.parallelism < parallelism;
    }

    private enum Type {
        ID(ARGON2ID), I(ARGON2I), D(ARGON2D);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    private record Parsed(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
            byte[] hash) {
    }

    private static Parsed parse(String phc) {
        if (phc == null) {
            return null;
        }
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return null;
        }
        try {
            Type type = switch (m.group(1)) {
                case "id" -> Type.ID;
                case "i" -> Type.I;
                default -> Type.D;
            };
            int version = "19".equals(m.group(2)) ? VERSION_13 : VERSION_10;
            int memory = Integer.parseInt(m.group(3));
            int passes = Integer.parseInt(m.group(4));
            int lanes = Integer.parseInt(m.group(5));
            if (memory > MAX_MEMORY_KIB || passes < 1 || passes > MAX_ITERATIONS || lanes < 1
                    || lanes > MAX_PARALLELISM || memory < 8 * lanes) {
                return null;
            }
            return new Parsed(type, version, memory, passes, lanes, B64_DECODE.decode(m.group(6)),
                    B64_DECODE.decode(m.group(7)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] raw(boolean vectors, Type type, String password, byte[] salt, int hashBytes, int memoryKib,
            int iterations, int parallelism, int version) {
        byte[] pwd = password.getBytes(StandardCharsets.UTF_8);
        try {
            long bytes = VectorArgon2.bytes(memoryKib, parallelism);
            if (!vectors || bytes > HashMemory.KEEP_BYTES) {
                return LibArgon2.hash(type.code, version, pwd, salt, hashBytes, memoryKib, iterations, parallelism);
            }
            try {
                return VectorArgon2.hash(type.code, version, pwd, salt, NONE, NONE, hashBytes, memoryKib, iterations,
                        parallelism, HashMemory.words(bytes));
            } finally {
                HashMemory.wipe(bytes);
            }
        } finally {
            Arrays.fill(pwd, (byte) 0);
        }
    }
}
