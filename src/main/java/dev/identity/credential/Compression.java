package dev.identity.credential;

import jdk.incubator.vector.LongVector;

/**
 * Argon2's compression G (RFC 9106 3.5) in the Vector API: {@code out = P(x ^ y) ^ x ^ y}, and also {@code ^
 * overwritten} when a block is overwritten (version 1.3, passes after the first). P is BLAKE2b's round without a
 * message with BlaMka's addition {@code a + b + 2 * lo32(a) * lo32(b)}, applied to the block's eight rows of 16
 * words and then to its eight columns. {@code rows} computes {@code state} (and {@code saved}, what the result is
 * XORed with) from the inputs; {@code columns} finishes into {@code out}, which may be {@code x} or {@code y}.
 *
 * <p>Two shapes: {@link Compression512} where the JVM uses 512-bit vectors, {@link Compression256} where it uses
 * 256. C2 compiles the BlaMka product to one {@code VPMULUDQ} per vector (on JDK 24 and later, which recognise the
 * masked operands) and each rotation to one {@code VPRORQ} where AVX-512 is there. One instance per hash: it holds
 * its working blocks.
 */
abstract sealed class Compression permits Compression256, Compression512 {

    static final int WORDS = 128; // 64-bit words in a 1 KiB block
    static final long LOW32 = 0xFFFFFFFFL;

    final long[] state = new long[WORDS];
    final long[] saved = new long[WORDS];

    final void compress(long[] x, long[] y, long[] overwritten, long[] out) {
        rows(x, y, overwritten);
        columns(out);
    }

    abstract void rows(long[] x, long[] y, long[] overwritten);

    abstract void columns(long[] out);

    /** The widest vectors this JVM compiles for this CPU, in bits: 512, 256, or less where neither is used. */
    static int vectorBits() {
        return LongVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** A compression for this machine's vectors; only where {@link #vectorBits} is 256 or more. */
    static Compression forThisMachine() {
        return vectorBits() >= 512 ? new Compression512() : new Compression256();
    }
}
