package dev.identity.credential;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Argon2_context;
import de.mkammerer.argon2.jna.Argon2_version;
import de.mkammerer.argon2.jna.JnaUint32;

/**
 * Argon2 by the reference C implementation, libargon2 (its portable {@code ref.c}, as argon2-jvm ships it), through
 * JNA: what {@link Argon2id} uses where the vectorised {@link VectorArgon2} cannot run (no incubator module, no
 * C2, vectors narrower than 256 bits) or for a hash that needs more memory than a thread keeps. Its memory comes
 * from {@link HashMemory} through libargon2's allocation callbacks; libargon2 wipes it after every hash.
 */
final class LibArgon2 {

    private static final int ARGON2_OK = 0;
    private static final int ARGON2_MEMORY_ALLOCATION_ERROR = -22;
    /** The native address of a thread's one-off hash memory while a hash uses it. */
    private static final ThreadLocal<Long> ONE_OFF = new ThreadLocal<>();
    /** The calling thread's room for password, salt and output, grown when a password needs more. */
    private static final ThreadLocal<Memory> SCRATCH = new ThreadLocal<>();
    private static final int SCRATCH_FIXED = 256;

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

    /** The tag of {@code hashBytes} bytes; {@code type} 0 (Argon2d), 1 (Argon2i) or 2 (Argon2id). */
    static byte[] hash(int type, int version, byte[] password, byte[] salt, int hashBytes, int memoryKib,
            int iterations, int parallelism) {
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
                case Argon2id.ARGON2ID -> Argon2Library.INSTANCE.argon2id_ctx(context);
                case Argon2id.ARGON2I -> Argon2Library.INSTANCE.argon2i_ctx(context);
                default -> Argon2Library.INSTANCE.argon2d_ctx(context);
            };
            if (result != ARGON2_OK) {
                throw new IllegalStateException("Argon2 failed: "
                        + Argon2Library.INSTANCE.argon2_error_message(result));
            }
            return out.getByteArray(0, hashBytes);
        } finally {
            scratch.setMemory(0, SCRATCH_FIXED + password.length, (byte) 0);
        }
    }
}
