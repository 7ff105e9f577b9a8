package dev.identity.credential;

import java.util.Arrays;

/**
 * BLAKE2b (RFC 7693) without a key, for the few hashes Argon2 takes around its memory: the 64-byte seed H0, the
 * first two blocks of each lane and the tag (RFC 9106 3.2-3.3). Scalar code: it runs a handful of times per
 * Argon2 hash against the 38,912 block compressions of the memory filling, so its speed does not show.
 *
 * <p>Absorbs bytes in parts ({@link #update(byte[])}, {@link #update(int)} for Argon2's little-endian lengths) and
 * keeps the last block back until {@link #digest} so that the final flag lands on it.
 */
final class Blake2b {

    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
    };
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    };

    private final long[] h = new long[8];
    private final long[] v = new long[16];
    private final long[] m = new long[16];
    private final byte[] buffer = new byte[128];
    private final int outLength;
    private int filled;
    private long counter;

    /** A digest of {@code outLength} bytes, 1 to 64. */
    Blake2b(int outLength) {
        if (outLength < 1 || outLength > 64) {
            throw new IllegalArgumentException("BLAKE2b output of 1 to 64 bytes");
        }
        this.outLength = outLength;
        System.arraycopy(IV, 0, h, 0, 8);
        h[0] ^= 0x01010000L ^ outLength;
    }

    /** The digest of one input, {@code outLength} bytes long. */
    static byte[] hash(int outLength, byte[] input) {
        return new Blake2b(outLength).update(input).digest();
    }

    /**
     * Argon2's hash of variable length H' (RFC 9106 3.3) of {@code input || suffix}, written into {@code out}: BLAKE2b
     * itself up to 64 bytes, beyond that a chain of 64-byte BLAKE2b hashes of which each gives its first 32.
     */
    static void longHash(byte[] out, byte[] input, byte[] suffix) {
        int length = out.length;
        if (length <= 64) {
            byte[] tag = new Blake2b(length).update(length).update(input).update(suffix).digest();
            System.arraycopy(tag, 0, out, 0, length);
            return;
        }
        int chained = (length + 31) / 32 - 2;
        byte[] link = new Blake2b(64).update(length).update(input).update(suffix).digest();
        System.arraycopy(link, 0, out, 0, 32);
        for (int i = 1; i < chained; i++) {
            byte[] next = hash(64, link);
            Arrays.fill(link, (byte) 0);
            link = next;
            System.arraycopy(link, 0, out, 32 * i, 32);
        }
        byte[] last = hash(length - 32 * chained, link);
        System.arraycopy(last, 0, out, 32 * chained, last.length);
        Arrays.fill(link, (byte) 0);
        Arrays.fill(last, (byte) 0);
    }

    Blake2b update(int littleEndian) {
        return update(new byte[] {(byte) littleEndian, (byte) (littleEndian >>> 8), (byte) (littleEndian >>> 16),
            (byte) (littleEndian >>> 24)});
    }

    Blake2b update(byte[] input) {
        return update(input, 0, input.length);
    }

    Blake2b update(byte[] input, int offset, int length) {
        int at = offset;
        int left = length;
        while (left > 0) {
            if (filled == 128) { // a block is complete and more follows: it is not the last one
                counter += 128;
                compress(false);
                filled = 0;
            }
            int take = Math.min(left, 128 - filled);
            System.arraycopy(input, at, buffer, filled, take);
            filled += take;
            at += take;
            left -= take;
        }
        return this;
    }

    /** The digest; the state is wiped and this object is spent. */
    byte[] digest() {
        counter += filled;
        Arrays.fill(buffer, filled, 128, (byte) 0);
        compress(true);
        byte[] out = new byte[outLength];
        for (int i = 0; i < outLength; i++) {
            out[i] = (byte) (h[i >>> 3] >>> (8 * (i & 7)));
        }
        Arrays.fill(h, 0);
        Arrays.fill(v, 0);
        Arrays.fill(m, 0);
        Arrays.fill(buffer, (byte) 0);
        return out;
    }

    private void compress(boolean last) {
        for (int i = 0; i < 16; i++) {
            long word = 0;
            for (int b = 7; b >= 0; b--) {
                word = (word << 8) | (buffer[8 * i + b] & 0xFF);
            }
            m[i] = word;
        }
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= counter; // inputs here stay far below 2^64 bytes: the counter's high word is 0
        if (last) {
            v[14] = ~v[14];
        }
        for (int round = 0; round < 12; round++) { // twelve rounds: the ten permutations, then the first two again
            byte[] s = SIGMA[round % 10];
            mix(0, 4, 8, 12, m[s[0]], m[s[1]]);
            mix(1, 5, 9, 13, m[s[2]], m[s[3]]);
            mix(2, 6, 10, 14, m[s[4]], m[s[5]]);
            mix(3, 7, 11, 15, m[s[6]], m[s[7]]);
            mix(0, 5, 10, 15, m[s[8]], m[s[9]]);
            mix(1, 6, 11, 12, m[s[10]], m[s[11]]);
            mix(2, 7, 8, 13, m[s[12]], m[s[13]]);
            mix(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private void mix(int a, int b, int c, int d, long x, long y) {
        v[a] += v[b] + x;
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] += v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] += v[b] + y;
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] += v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }
}
