package dev.identity.credential;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * The memory of the calling thread's Argon2 hashes: a native buffer allocated at its first hash and reused by every
 * later one, rather than a fresh allocation per hash. With glibc, 19 MiB blocks freed by a few threads and
 * interleaved with everyone else's small allocations leave the process holding several times that, and a fresh
 * mmap per hash costs a third more time in page faults. The pool that runs the hashes is small and fixed, so this
 * is its size times the memory, held for the life of the service; a hash that needs more than {@link #KEEP_BYTES}
 * (an imported hash with unusual parameters) gets memory of its own, freed when it is done.
 *
 * <p>On Linux the buffer starts on a 2 MiB boundary and is offered to the kernel for transparent huge pages
 * ({@code madvise(MADV_HUGEPAGE)}, which needs no setting when the system's mode is {@code madvise}, the common
 * default). Argon2 reads 1 KiB blocks at pseudo-random places across its memory: with 4 KiB pages nearly every
 * read misses the TLB, and in a virtual machine each miss walks two page tables; with 2 MiB pages the 19 MiB are
 * ten TLB entries. A hash took 2-6 % less time so (measured 2026-11-23: `git log -p docs/benchmarks.md`), for at
 * most one 2 MiB page more of memory per hashing thread. Where the kernel refuses, the buffer stays on small pages.
 *
 * <p>Off the Java heap, so the heap's size does not depend on how many threads hash; wiped after every hash.
 */
final class HashMemory {

    /** Hash memory kept by a thread for its next hash. */
    static final long KEEP_BYTES = 32L << 20;

    private static final ThreadLocal<Buffer> BUFFER = new ThreadLocal<>();

    private HashMemory() {
    }

    /**
     * Memory: {@code start} is where a hash may write {@code size} bytes, inside {@code memory} (which is larger when
     * {@code start} had to be moved up to a huge-page boundary, and keeps the native block alive); {@code words} is
     * the same bytes as little-endian 64-bit words.
     */
    private record Buffer(Memory memory, Pointer start, long size, LongBuffer words) {

        private static final long HUGE_PAGE = 2L << 20;
        private static final int MADV_HUGEPAGE = 14;

        static Buffer of(long bytes) {
            if (!Platform.isLinux() || bytes < HUGE_PAGE) {
                Memory memory = new Memory(bytes);
                return new Buffer(memory, memory, bytes, words(memory, bytes));
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
            return new Buffer(memory, start, pages * HUGE_PAGE, words(start, pages * HUGE_PAGE));
        }

        private static LongBuffer words(Pointer start, long bytes) {
            return start.getByteBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        }
    }

    /** The one libc call the buffer needs. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int madvise(Pointer address, long length, int advice);
    }

    /** The calling thread's memory of at least {@code bytes} (at most {@link #KEEP_BYTES}), grown when needed. */
    static Pointer pointer(long bytes) {
        return buffer(bytes).start();
    }

    /** The same as little-endian words, from the buffer's start. */
    static LongBuffer words(long bytes) {
        return buffer(bytes).words();
    }

    /** Zeroes the first {@code bytes} of the calling thread's memory, as libargon2 does after its hashes. */
    static void wipe(long bytes) {
        Buffer buffer = BUFFER.get();
        if (buffer != null) {
            buffer.start().setMemory(0, Math.min(bytes, buffer.size()), (byte) 0);
        }
    }

    /** Where the calling thread's hash memory starts; 0 before its first hash. */
    static long address() {
        Buffer buffer = BUFFER.get();
        return buffer == null ? 0 : Pointer.nativeValue(buffer.start());
    }

    private static Buffer buffer(long bytes) {
        if (bytes > KEEP_BYTES) {
            throw new IllegalArgumentException("more than a thread keeps: " + bytes + " bytes");
        }
        Buffer buffer = BUFFER.get();
        if (buffer == null || buffer.size() < bytes) {
            BUFFER.remove(); // the old buffer, if any, is freed when collected
            buffer = Buffer.of(bytes);
            BUFFER.set(buffer);
        }
        return buffer;
    }
}
