package dev.identity.credential;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Argon2_context;
import de.mkammerer.argon2.jna.Argon2_version;
import de.mkammerer.argon2.jna.JnaUint32;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Argon2 by the reference C implementation, libargon2, through JNA, in one of two builds. Where the CPU has the
 * instructions, the build of its {@code opt.c} for the CPU's family that the service's own build made
 * ({@code src/main/native/argon2-for-cpu.sh}: x86-64-v4 with AVX-512, else x86-64-v3 with AVX2), found at
 * {@code linux-x86-64/libargon2-<family>.so} on the class path; else argon2-jvm's portable {@code ref.c}.
 * {@link Argon2id} uses the one for this CPU first: it is as fast as libargon2 gets on this machine (the
 * yardstick's opt-avx2 is the same code for x86-64-v3; the AVX-512 build is faster still), it needs no incubator
 * module and no C2 (so the JVM keeps the ahead-of-time cache's linked classes, which the Vector API's incubator
 * module rules out), and it is at speed from the first hash. It is checked against the portable build before use.
 * Its memory comes from {@link HashMemory} through libargon2's allocation callbacks; libargon2 wipes it after every
 * hash. {@code -Ddev.identity.argon2.cpu-build=false} keeps to the portable build (for the benchmarks).
 */
final class LibArgon2 {

    private static final int ARGON2_OK = 0;
    private static final int ARGON2_MEMORY_ALLOCATION_ERROR = -22;
    /** The native address of a thread's one-off hash memory while a hash uses it. */
    private static final ThreadLocal<Long> ONE_OFF = new ThreadLocal<>();
    /** The calling thread's room for password, salt and output, grown when a password needs more. */
    private static final ThreadLocal<Memory> SCRATCH = new ThreadLocal<>();
    private static final int SCRATCH_FIXED = 256;
    private static final byte[] NONE = new byte[0];

    private LibArgon2() {
    }

    /** libargon2's {@code int allocate_fptr(uint8_t **memory, size_t bytes)}. */
    public interface Allocate extends Callback {
        int invoke(Pointer memory, long bytes);
    }

    /** libargon2's {@code void deallocate_fptr(uint8_t *memory, size_t bytes)}: the buffer is kept. */
    public interface Release extends Callback {
        void invoke(Pointer memory, long bytes);
    }

    // Held in static fields so that the garbage collector never frees a callback libargon2 may call.
    private static final Allocate ALLOCATE = (memory, bytes) -> {
        if (bytes > HashMemory.KEEP_BYTES) {
            long address = Native.malloc(bytes);
            if (address == 0) {
                return ARGON2_MEMORY_ALLOCATION_ERROR;
            }
            ONE_OFF.set(address);
            memory.setPointer(0, new Pointer(address));
            return ARGON2_OK;
        }
        try {
            memory.setPointer(0, HashMemory.pointer(bytes));
        } catch (OutOfMemoryError e) {
            return ARGON2_MEMORY_ALLOCATION_ERROR;
        }
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

    /** argon2-jvm's libargon2: the portable {@code ref.c}, for every platform argon2-jvm ships. */
    private static final Argon2Library PORTABLE = Argon2Library.INSTANCE;
    /**
     * The CPU families built for, the most capable first, each with the CPU flags (as Linux names them in
     * {@code /proc/cpuinfo}) that the compiler may use at that level: x86-64-v2's and v3's, then v4's; not LZCNT
     * ({@code abm}), which the build leaves out because hypervisors hide it.
     */
    private static final List<Family> FAMILIES = List.of(
            new Family("x86-64-v4", "cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3 avx avx2 bmi1 bmi2 f16c fma movbe xsave"
                    + " avx512f avx512bw avx512cd avx512dq avx512vl"),
            new Family("x86-64-v3", "cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3 avx avx2 bmi1 bmi2 f16c fma movbe xsave"));
    /** The build for this CPU, or null where there is none (then {@link #PORTABLE}). */
    private static final ForCpu FOR_CPU = ForCpu.load();

    /** A CPU family libargon2 may be built for, and the flags a CPU needs to run that build. */
    private record Family(String name, String flags) {
        boolean runsOn(Set<String> cpu) {
            return cpu.containsAll(Arrays.asList(flags.split(" ")));
        }
    }

    /** libargon2 built for a CPU family this CPU belongs to. */
    private record ForCpu(String family, Argon2Library library) {

        static ForCpu load() {
            if (!Boolean.parseBoolean(System.getProperty("dev.identity.argon2.cpu-build", "true"))
                    || !"Linux".equals(System.getProperty("os.name"))
                    || !"amd64".equals(System.getProperty("os.arch"))) {
                return null;
            }
            Set<String> flags = cpuFlags();
            for (Family family : FAMILIES) {
                if (!family.runsOn(flags)) {
                    continue;
                }
                try {
                    // Looked up with this class's loader, which sees the service's own resources in every launch
                    // mode (in dev mode argon2-jvm's interface is loaded by a parent that does not).
                    ForCpu build = new ForCpu(family.name(), Native.load("argon2-" + family.name(),
                            Argon2Library.class, Map.of(Library.OPTION_CLASSLOADER, LibArgon2.class.getClassLoader())));
                    if (build.agreesWithPortable()) {
                        return build;
                    }
                } catch (UnsatisfiedLinkError | RuntimeException e) {
                    // Not built here (no C compiler where the service was built): the next family, or the portable one.
                }
            }
            return null;
        }

        /** The same tag as the portable build for a small hash of each type: never a build that differs. */
        private boolean agreesWithPortable() {
            byte[] password = "agree".getBytes(StandardCharsets.UTF_8);
            byte[] salt = "a salt of sixteen".getBytes(StandardCharsets.UTF_8);
            for (int type = 0; type < 3; type++) {
                if (!Arrays.equals(hash(PORTABLE, type, Argon2id.VERSION_13, password, salt, NONE, NONE, 32, 64, 2, 2),
                        hash(library, type, Argon2id.VERSION_13, password, salt, NONE, NONE, 32, 64, 2, 2))) {
                    return false;
                }
            }
            return true;
        }

        /** The flags of the first CPU in {@code /proc/cpuinfo}; none if it cannot be read. */
        private static Set<String> cpuFlags() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(line -> line.startsWith("flags")).findFirst()
                        .map(line -> line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                        .map(names -> Set.copyOf(Arrays.asList(names)))
                        .orElse(Set.of());
            } catch (IOException | RuntimeException e) {
                return Set.of();
            }
        }
    }

    /** The CPU family of the libargon2 build {@link #hash} runs, if it is one built for this CPU. */
    static Optional<String> cpuFamily() {
        return Optional.ofNullable(FOR_CPU).map(ForCpu::family);
    }

    /**
     * The tag of {@code hashBytes} bytes by the build for this CPU, else the portable one; {@code type} 0 (Argon2d),
     * 1 (Argon2i) or 2 (Argon2id).
     */
    static byte[] hash(int type, int version, byte[] password, byte[] salt, int hashBytes, int memoryKib,
            int iterations, int parallelism) {
        return hash(FOR_CPU != null ? FOR_CPU.library() : PORTABLE, type, version, password, salt, NONE, NONE,
                hashBytes, memoryKib, iterations, parallelism);
    }

    /** The same by argon2-jvm's portable build, whatever this CPU has. */
    static byte[] hashPortable(int type, int version, byte[] password, byte[] salt, int hashBytes, int memoryKib,
            int iterations, int parallelism) {
        return hash(PORTABLE, type, version, password, salt, NONE, NONE, hashBytes, memoryKib, iterations,
                parallelism);
    }

    /**
     * With a secret and associated data (the service uses neither; RFC 9106's test vectors do), by the build for
     * this CPU when {@code forCpu} and there is one, else by the portable one.
     */
    static byte[] hash(boolean forCpu, int type, int version, byte[] password, byte[] salt, byte[] secret, byte[] ad,
            int hashBytes, int memoryKib, int iterations, int parallelism) {
        return hash(forCpu && FOR_CPU != null ? FOR_CPU.library() : PORTABLE, type, version, password, salt, secret,
                ad, hashBytes, memoryKib, iterations, parallelism);
    }

    private static byte[] hash(Argon2Library library, int type, int version, byte[] password, byte[] salt,
            byte[] secret, byte[] ad, int hashBytes, int memoryKib, int iterations, int parallelism) {
        // Salt at 0, output at 128, password at 256 (salt and output are at most 64 bytes: see Argon2id.PHC).
        Memory scratch = SCRATCH.get();
        if (scratch == null || scratch.size() < SCRATCH_FIXED + password.length) {
            scratch = new Memory(SCRATCH_FIXED + Math.max(1024, password.length));
            SCRATCH.set(scratch);
        }
        Pointer out = scratch.share(128, hashBytes);
        try {
            scratch.write(0, salt, 0, salt.length);
            scratch.write(SCRATCH_FIXED, password, 0, password.length);
            Argon2_context.ByReference context = new Argon2_context.ByReference();
            context.out = out;
            context.outlen = new JnaUint32(hashBytes);
            context.pwd = scratch.share(SCRATCH_FIXED, Math.max(1, password.length));
            context.pwdlen = new JnaUint32(password.length);
            context.salt = scratch.share(0, salt.length);
            context.saltlen = new JnaUint32(salt.length);
            context.secret = secret.length == 0 ? null : copy(secret);
            context.secretlen = new JnaUint32(secret.length);
            context.ad = ad.length == 0 ? null : copy(ad);
            context.adlen = new JnaUint32(ad.length);
            context.t_cost = new JnaUint32(iterations);
            context.m_cost = new JnaUint32(memoryKib);
            context.lanes = new JnaUint32(parallelism);
            context.threads = new JnaUint32(parallelism);
            context.version = new Argon2_version(version);
            context.allocate_cbk = ALLOCATE_POINTER;
            context.free_cbk = RELEASE_POINTER;
            context.flags = new JnaUint32(0);
            int result = switch (type) {
                case Argon2id.ARGON2ID -> library.argon2id_ctx(context);
                case Argon2id.ARGON2I -> library.argon2i_ctx(context);
                default -> library.argon2d_ctx(context);
            };
            if (result != ARGON2_OK) {
                throw new IllegalStateException("Argon2 failed: " + library.argon2_error_message(result));
            }
            return out.getByteArray(0, hashBytes);
        } finally {
            scratch.setMemory(0, SCRATCH_FIXED + password.length, (byte) 0);
        }
    }

    /** Native memory holding the bytes (for a secret or associated data: not on the service's path). */
    private static Memory copy(byte[] bytes) {
        Memory memory = new Memory(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }
}
