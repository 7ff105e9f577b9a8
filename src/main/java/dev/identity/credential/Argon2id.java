package dev.identity.credential;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Argon2_context;
import de.mkammerer.argon2.jna.Argon2_version;
import de.mkammerer.argon2.jna.JnaUint32;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id (RFC 9106) by the reference C implementation (libargon2, through argon2-jvm's JNA binding), in the
 * PHC string form {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}.
 *
 * <p>The hash's memory (19 MiB at the OWASP parameters) is the calling thread's own native buffer, allocated at
 * its first hash and reused by every later one, rather than a fresh malloc per hash: with glibc, 19 MiB blocks
 * freed by a few threads and interleaved with everyone else's small allocations leave the process holding
 * several times that, and a fresh mmap per hash costs a third more time in page faults. The pool that runs the
 * hashes is small and fixed, so this is its size times the memory, held for the life of the service. The
 * buffer is wiped by libargon2 after every hash.
 *
 * <p>On Linux the buffer starts on a 2 MiB boundary and is offered to the kernel for transparent huge pages
 * ({@code madvise(MADV_HUGEPAGE)}, which needs no setting when the system's mode is {@code madvise}, the common
 * default). Argon2id reads 1 KiB blocks at pseudo-random places across its memory: with 4 KiB pages nearly
 * every read misses the TLB, and in a virtual machine each miss walks two page tables; with 2 MiB pages the
 * 19 MiB are ten TLB entries. A hash took 2-6 % less time so (measured 2026-11-23: `git log -p
 * docs/benchmarks.md`), for at most one 2 MiB page more of memory per hashing thread. Where the kernel
 * refuses, the buffer simply stays on small pages.
 *
 * <p>No framework type: the JMH benchmark (bench/jmh) measures exactly this class.
 */
public final class Argon2id {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Argon2 version 1.3 (0x13), the one RFC 9106 specifies; 1.0 (0x10) hashes still verify. */
    private static final int VERSION_13 = 0x13;
    private static final int ARGON2_OK = 0;
    private static final int ARGON2_MEMORY_ALLOCATION_ERROR = -22;
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
    /** Hash memory kept by a thread for its next hash; a larger one (an imported hash) is freed once done. */
    private static final long KEEP_BYTES = 32L << 20;
    /** The native address of a thread's one-off hash memory while a hash uses it. */
    private static final ThreadLocal<Long> ONE_OFF = new ThreadLocal<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    /** The calling thread's hash memory, grown when a hash needs more. */
    private static final ThreadLocal<Buffer> BUFFER = new ThreadLocal<>();
    /** The calling thread's room for password, salt and output, grown when a password needs more. */
    private static final ThreadLocal<Memory> SCRATCH = new ThreadLocal<>();
    private static final int SCRATCH_FIXED = 256;

    /** libargon2's {@code int allocate_fptr(uint8_t **memory, size_t bytes)}. */
    public interface Allocate extends Callback {
        int invoke(Pointer memory, long bytes);
    }

    /** libargon2's {@code void deallocate_fptr(uint8_t *memory, size_t bytes)}: the buffer is kept. */
    public interface Release extends Callback {
        void invoke(Pointer memory, long bytes);
    }

    /**
     * Hash memory: {@code start} is where libargon2 may write {@code size} bytes, inside {@code memory} (which
     * is larger when {@code start} had to be moved up to a huge-page boundary, and keeps the native block alive).
     */
    private record Buffer(Memory memory, Pointer start, long size) {

        private static final long HUGE_PAGE = 2L << 20;
        private static final int MADV_HUGEPAGE = 14;

        static Buffer of(long bytes) {
            if (!Platform.isLinux() || bytes < HUGE_PAGE) {
                Memory memory = new Memory(bytes);
                return new Buffer(memory, memory, bytes);
            }
            // Whole huge pages from a 2 MiB boundary: one page more than needed leaves room to align the start.
            long pages = (bytes + HUGE_PAGE - 1) / HUGE_PAGE;
            Memory memory = new Memory((pages + 1) * HUGE_PAGE);
            long address = Pointer.nativeValue(memory);
            long aligned = (address + HUGE_PAGE - 1) & -HUGE_PAGE;
            Pointer start = memory.share(aligned - address, pages * HUGE_PAGE);
            try {
                LibC.INSTANCE.madvise(start, pages * HUGE_PAGE, MADV_HUGEPAGE); // a refusal leaves small pages
            } catch (LinkageError e) {
                // No libc to ask (not glibc or musl): small pages, as everywhere else.
            }
            return new Buffer(memory, start, pages * HUGE_PAGE);
        }
    }

    /** Where the calling thread's hash memory starts; 0 before its first hash. */
    static long memoryAddress() {
        Buffer buffer = BUFFER.get();
        return buffer == null ? 0 : Pointer.nativeValue(buffer.start());
    }

    /** The one libc call the buffer needs. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int madvise(Pointer address, long length, int advice);
    }

    // Held in static fields so that the garbage collector never frees a callback libargon2 may call.
    private static final Allocate ALLOCATE = (memory, bytes) -> {
        if (bytes > KEEP_BYTES) {
            long address = Native.malloc(bytes);
            if (address == 0) {
                return ARGON2_MEMORY_ALLOCATION_ERROR;
            }
            ONE_OFF.set(address);
            memory.setPointer(0, new Pointer(address));
            return ARGON2_OK;
        }
        Buffer buffer = BUFFER.get();
        if (buffer == null || buffer.size() < bytes) {
            BUFFER.remove(); // the old buffer, if any, is freed when collected
            try {
                buffer = Buffer.of(bytes);
            } catch (OutOfMemoryError e) {
                return ARGON2_MEMORY_ALLOCATION_ERROR;
            }
            BUFFER.set(buffer);
        }
        memory.setPointer(0, buffer.start());
        return ARGON2_OK;
    };
    private static final Release RELEASE = (memory, bytes) -> {
        Long once = ONE_OFF.get();
        if (once != null) {
            ONE_OFF.remove();
            Native.free(once);
        }
    };
    private static final Pointer ALLOCATE_POINTER = CallbackReference.getFunctionPointer(ALLOCATE);
    private static final Pointer RELEASE_POINTER = CallbackReference.getFunctionPointer(RELEASE);

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
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = raw(Type.ID, password, salt, HASH_BYTES, memoryKib, iterations, parallelism, VERSION_13);
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
        byte[] hash = raw(parsed.type, password, parsed.salt, parsed.hash.length, parsed.memoryKib,
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

    private enum Type { ID, I, D }

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
            int version = "19".equals(m.group(2)) ? VERSION_13 : 0x10;
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

    private static byte[] raw(Type type, String password, byte[] salt, int hashBytes, int memoryKib, int iterations,
            int parallelism, int version) {
        byte[] pwd = password.getBytes(StandardCharsets.UTF_8);
        // Salt at 0, output at 128, password at 256 (salt and output are at most 64 bytes: see PHC).
        Memory scratch = SCRATCH.get();
        if (scratch == null || scratch.size() < SCRATCH_FIXED + pwd.length) {
            scratch = new Memory(SCRATCH_FIXED + Math.max(1024, pwd.length));
            SCRATCH.set(scratch);
        }
        Pointer out = scratch.share(128, hashBytes);
        try {
            scratch.write(0, salt, 0, salt.length);
            scratch.write(SCRATCH_FIXED, pwd, 0, pwd.length);
            Argon2_context.ByReference context = new Argon2_context.ByReference();
            context.out = out;
            context.outlen = new JnaUint32(hashBytes);
            context.pwd = scratch.share(SCRATCH_FIXED, Math.max(1, pwd.length));
            context.pwdlen = new JnaUint32(pwd.length);
            context.salt = scratch.share(0, salt.length);
            context.saltlen = new JnaUint32(salt.length);
            context.secret = null;
            context.secretlen = new JnaUint32(0);
            context.ad = null;
            context.adlen = new JnaUint32(0);
            context.t_cost = new JnaUint32(iterations);
            context.m_cost = new JnaUint32(memoryKib);
            context.lanes = new JnaUint32(parallelism);
            context.threads = new JnaUint32(parallelism);
            context.version = new Argon2_version(version);
            context.allocate_cbk = ALLOCATE_POINTER;
            context.free_cbk = RELEASE_POINTER;
            context.flags = new JnaUint32(0);
            int result = switch (type) {
                case ID -> Argon2Library.INSTANCE.argon2id_ctx(context);
                case I -> Argon2Library.INSTANCE.argon2i_ctx(context);
                case D -> Argon2Library.INSTANCE.argon2d_ctx(context);
            };
            if (result != ARGON2_OK) {
                throw new IllegalStateException("Argon2 failed: " + Argon2Library.INSTANCE.argon2_error_message(result));
            }
            return out.getByteArray(0, hashBytes);
        } finally {
            Arrays.fill(pwd, (byte) 0);
            scratch.setMemory(0, SCRATCH_FIXED + pwd.length, (byte) 0);
        }
    }
}
