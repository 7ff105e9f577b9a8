package dev.identity.credential;

import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Argon2 (RFC 9106: Argon2d, Argon2i and Argon2id, versions 1.0 and 1.3) in Java, its block compression in the
 * Vector API ({@link Compression}); the output is byte for byte libargon2's (VectorArgon2Test: RFC 9106's vectors,
 * and random inputs hashed by both).
 *
 * <p>Why this and not libargon2 alone: the builds a package registry serves are libargon2's portable C
 * ({@code ref.c}), which computes the block's 64-bit words one at a time. Its {@code opt.c} built for the CPU
 * (AVX2) took half the time per hash on the same machine, but a native build for the CPU needs a compiler and a
 * build step on every machine that runs the service. The Vector API needs neither: C2 compiles the compression to
 * the instructions {@code opt.c} uses, chosen at run time for the CPU it runs on (512-bit vectors where the JVM
 * uses them, 256-bit otherwise). Here the hash took within a fifth of {@code opt.c}'s time with 512-bit vectors, and
 * half as long again with the JVM held to 256 (docs/benchmarks.md). {@link Argon2id} falls back to libargon2
 * where this cannot run at speed.
 *
 * <p>The memory is the caller's ({@link HashMemory}: off the Java heap, on huge pages, reused per thread, wiped
 * after the hash). Each compression copies its input blocks (the reference block, and the block it overwrites)
 * into small arrays, works there in vector registers, and copies its output back: the Vector API of Java 21
 * reads only arrays and memory segments, and the copies cost a fraction of the reference block's random read.
 * Argon2's lanes are filled one after the other, slice by slice, which gives libargon2's result for any number of
 * lanes (a lane reads only from finished segments of the others); the service's own hashes have one.
 */
final class VectorArgon2 {

    private static final int WORDS = Compression.WORDS;
    private static final long LOW32 = Compression.LOW32;

    private final int type;
    private final int version;
    private final int passes;
    private final int lanes;
    private final int memoryBlocks;
    private final int segmentLength;
    private final int laneLength;
    private final LongBuffer memory;
    private final Compression compression;
    // Working blocks: the previous block (also the output), the reference block, the block being overwritten,
    // and the addresses of Argon2i's passes.
    private final long[] prev = new long[WORDS];
    private final long[] ref = new long[WORDS];
    private final long[] old = new long[WORDS];
    private final long[] zero = new long[WORDS];
    private final long[] input = new long[WORDS];
    private final long[] addresses = new long[WORDS];

    private VectorArgon2(Compression compression, int type, int version, int passes, int lanes, int memoryKib,
            LongBuffer memory) {
        this.compression = compression;
        this.type = type;
        this.version = version;
        this.passes = passes;
        this.lanes = lanes;
        this.segmentLength = blocks(memoryKib, lanes) / (4 * lanes);
        this.laneLength = 4 * segmentLength;
        this.memoryBlocks = laneLength * lanes;
        this.memory = memory;
    }

    /** The memory a hash takes, in bytes: libargon2's rounding of the memory cost to whole segments. */
    static long bytes(int memoryKib, int lanes) {
        return 1024L * blocks(memoryKib, lanes);
    }

    private static int blocks(int memoryKib, int lanes) {
        int blocks = Math.max(memoryKib, 8 * lanes);
        return blocks / (4 * lanes) * (4 * lanes);
    }

    /**
     * The tag of {@code outLength} bytes; {@code memory} holds at least {@link #bytes} bytes, little-endian. The
     * service passes no secret and no associated data (empty arrays); RFC 9106's test vectors have both.
     */
    static byte[] hash(int type, int version, byte[] password, byte[] salt, byte[] secret, byte[] data,
            int outLength, int memoryKib, int passes, int lanes, LongBuffer memory) {
        return hash(Compression.forThisMachine(), type, version, password, salt, secret, data, outLength, memoryKib,
                passes, lanes, memory);
    }

    /** The same with a given compression: the tests run each shape, whatever the machine. */
    static byte[] hash(Compression compression, int type, int version, byte[] password, byte[] salt, byte[] secret,
            byte[] data, int outLength, int memoryKib, int passes, int lanes, LongBuffer memory) {
        VectorArgon2 argon2 = new VectorArgon2(compression, type, version, passes, lanes, memoryKib, memory);
        byte[] seed = new Blake2b(64).update(lanes).update(outLength).update(memoryKib).update(passes)
                .update(version).update(type).update(password.length).update(password).update(salt.length)
                .update(salt).update(secret.length).update(secret).update(data.length).update(data).digest();
        try {
            return argon2.run(seed, outLength);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private byte[] run(byte[] seed, int outLength) {
        byte[] block = new byte[1024];
        for (int lane = 0; lane < lanes; lane++) {
            for (int i = 0; i < 2; i++) {
                Blake2b.longHash(block, seed, new byte[] {(byte) i, 0, 0, 0, (byte) lane, (byte) (lane >>> 8), 0, 0});
                for (int w = 0; w < WORDS; w++) {
                    prev[w] = littleEndian(block, 8 * w);
                }
                memory.put(WORDS * (lane * laneLength + i), prev, 0, WORDS);
            }
        }
        for (int pass = 0; pass < passes; pass++) {
            for (int slice = 0; slice < 4; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(pass, slice, lane);
                }
            }
        }
        Arrays.fill(prev, 0);
        for (int lane = 0; lane < lanes; lane++) {
            memory.get(WORDS * (lane * laneLength + laneLength - 1), ref, 0, WORDS);
            for (int w = 0; w < WORDS; w++) {
                prev[w] ^= ref[w];
            }
        }
        for (int w = 0; w < WORDS; w++) {
            for (int b = 0; b < 8; b++) {
                block[8 * w + b] = (byte) (prev[w] >>> (8 * b));
            }
        }
        byte[] tag = new byte[outLength];
        Blake2b.longHash(tag, block, new byte[0]);
        Arrays.fill(block, (byte) 0);
        for (long[] words : new long[][] {prev, ref, old, compression.state, compression.saved}) {
            Arrays.fill(words, 0);
        }
        return tag;
    }

    private static long littleEndian(byte[] bytes, int at) {
        long word = 0;
        for (int b = 7; b >= 0; b--) {
            word = (word << 8) | (bytes[at + b] & 0xFF);
        }
        return word;
    }

    private void fillSegment(int pass, int slice, int lane) {
        boolean independent = type == Argon2id.ARGON2I || (type == Argon2id.ARGON2ID && pass == 0 && slice < 2);
        if (independent) {
            Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = memoryBlocks;
            input[4] = passes;
            input[5] = type;
        }
        int start = 0;
        if (pass == 0 && slice == 0) {
            start = 2; // the first two blocks of each lane come from the seed
            if (independent) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        memory.get(WORDS * previous, prev, 0, WORDS);
        boolean overwrite = version != Argon2id.VERSION_10 && pass > 0;
        for (int i = start; i < segmentLength; i++, current++) {
            long random;
            if (independent) {
                if (i % WORDS == 0) {
                    nextAddresses();
                }
                random = addresses[i % WORDS];
            } else {
                random = prev[0];
            }
            int refLane = pass == 0 && slice == 0 || lanes == 1 ? lane : (int) ((random >>> 32) % lanes);
            int refIndex = referenceIndex(pass, slice, i, random & LOW32, refLane == lane);
            memory.get(WORDS * (refLane * laneLength + refIndex), ref, 0, WORDS);
            if (overwrite) {
                memory.get(WORDS * current, old, 0, WORDS);
                compression.compress(prev, ref, old, prev);
            } else {
                compression.compress(prev, ref, null, prev);
            }
            memory.put(WORDS * current, prev, 0, WORDS);
        }
    }

    /** Argon2i's next 128 addresses: the counter block compressed twice with zero. */
    private void nextAddresses() {
        input[6]++;
        compression.compress(zero, input, null, addresses);
        compression.compress(zero, addresses, null, addresses);
    }

    /** RFC 9106 3.4.2: where in its lane a block's reference lies, from the 32 low bits of its random word. */
    private int referenceIndex(int pass, int slice, int index, long random, boolean sameLane) {
        long area;
        if (pass == 0) {
            area = slice * (long) segmentLength;
        } else {
            area = laneLength - segmentLength;
        }
        if (sameLane) {
            area += index - 1;
        } else if (index == 0) {
            area -= 1;
        }
        long relative = (random * random) >>> 32;
        relative = area - 1 - ((area * relative) >>> 32);
        long first = pass == 0 || slice == 3 ? 0 : (slice + 1) * (long) segmentLength;
        long position = first + relative; // less than two lanes: "% laneLength" without a division
        return (int) (position < laneLength ? position : position - laneLength);
    }
}
