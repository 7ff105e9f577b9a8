package dev.identity.credential;

import static jdk.incubator.vector.LongVector.fromArray;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The compression on 512-bit vectors (AVX-512): eight words to a vector, so half the instructions of
 * {@link Compression256}. On a CPU that executes 512-bit operations at full width (AMD Zen 5, Intel's server
 * cores) the compression takes about half the time; {@link Compression#forThisMachine} chooses it only where the
 * JVM itself uses 512-bit vectors.
 *
 * <p>Rows, four at a time in two interleaved chains: a vector holds a quarter of one row in its low half and the
 * same quarter of the next row in its high half, put together from the rows' natural order with a swap of halves
 * and a blend, and taken apart the same way; the diagonal step rotates within each half. Columns as in
 * {@link Compression256}, four columns to a vector (two pairs), the pair patterns of the blends repeated.
 */
final class Compression512 extends Compression {

    private static final VectorSpecies<Long> S = LongVector.SPECIES_512;
    private static final VectorShuffle<Long> LEFT1 = VectorShuffle.fromValues(S, 1, 2, 3, 0, 5, 6, 7, 4);
    private static final VectorShuffle<Long> LEFT2 = VectorShuffle.fromValues(S, 2, 3, 0, 1, 6, 7, 4, 5);
    private static final VectorShuffle<Long> LEFT3 = VectorShuffle.fromValues(S, 3, 0, 1, 2, 7, 4, 5, 6);
    private static final VectorShuffle<Long> HALVES = VectorShuffle.fromValues(S, 4, 5, 6, 7, 0, 1, 2, 3);
    private static final VectorShuffle<Long> PAIRS = VectorShuffle.fromValues(S, 1, 0, 3, 2, 5, 4, 7, 6);
    private static final VectorMask<Long> HIGH = VectorMask.fromValues(S, false, false, false, false, true, true,
            true, true);
    private static final VectorMask<Long> ODD = VectorMask.fromValues(S, false, true, false, true, false, true,
            false, true);
    private static final VectorMask<Long> EVEN = ODD.not();

    @Override
    void rows(long[] x, long[] y, long[] overwritten) {
        for (int i = 0; i < WORDS; i += 64) {
            LongVector p0 = fromArray(S, x, i).lanewise(XOR, fromArray(S, y, i));
            LongVector q0 = fromArray(S, x, i + 8).lanewise(XOR, fromArray(S, y, i + 8));
            LongVector u0 = fromArray(S, x, i + 16).lanewise(XOR, fromArray(S, y, i + 16));
            LongVector w0 = fromArray(S, x, i + 24).lanewise(XOR, fromArray(S, y, i + 24));
            LongVector p1 = fromArray(S, x, i + 32).lanewise(XOR, fromArray(S, y, i + 32));
            LongVector q1 = fromArray(S, x, i + 40).lanewise(XOR, fromArray(S, y, i + 40));
            LongVector u1 = fromArray(S, x, i + 48).lanewise(XOR, fromArray(S, y, i + 48));
            LongVector w1 = fromArray(S, x, i + 56).lanewise(XOR, fromArray(S, y, i + 56));
            if (overwritten == null) {
                p0.intoArray(saved, i);
                q0.intoArray(saved, i + 8);
                u0.intoArray(saved, i + 16);
                w0.intoArray(saved, i + 24);
                p1.intoArray(saved, i + 32);
                q1.intoArray(saved, i + 40);
                u1.intoArray(saved, i + 48);
                w1.intoArray(saved, i + 56);
            } else {
                p0.lanewise(XOR, fromArray(S, overwritten, i)).intoArray(saved, i);
                q0.lanewise(XOR, fromArray(S, overwritten, i + 8)).intoArray(saved, i + 8);
                u0.lanewise(XOR, fromArray(S, overwritten, i + 16)).intoArray(saved, i + 16);
                w0.lanewise(XOR, fromArray(S, overwritten, i + 24)).intoArray(saved, i + 24);
                p1.lanewise(XOR, fromArray(S, overwritten, i + 32)).intoArray(saved, i + 32);
                q1.lanewise(XOR, fromArray(S, overwritten, i + 40)).intoArray(saved, i + 40);
                u1.lanewise(XOR, fromArray(S, overwritten, i + 48)).intoArray(saved, i + 48);
                w1.lanewise(XOR, fromArray(S, overwritten, i + 56)).intoArray(saved, i + 56);
            }
            // p = [a|b] and q = [c|d] of one row, u and w of the next: a = [a|a'], b = [b|b'], c = [c|c'], d = [d|d'].
            LongVector a0 = p0.blend(u0.rearrange(HALVES), HIGH);
            LongVector b0 = p0.rearrange(HALVES).blend(u0, HIGH);
            LongVector c0 = q0.blend(w0.rearrange(HALVES), HIGH);
            LongVector d0 = q0.rearrange(HALVES).blend(w0, HIGH);
            LongVector a1 = p1.blend(u1.rearrange(HALVES), HIGH);
            LongVector b1 = p1.rearrange(HALVES).blend(u1, HIGH);
            LongVector c1 = q1.blend(w1.rearrange(HALVES), HIGH);
            LongVector d1 = q1.rearrange(HALVES).blend(w1, HIGH);

            a0 = a0.add(b0).add(a0.and(LOW32).mul(b0.and(LOW32)).lanewise(LSHL, 1));
            a1 = a1.add(b1).add(a1.and(LOW32).mul(b1.and(LOW32)).lanewise(LSHL, 1));
            d0 = d0.lanewise(XOR, a0).lanewise(ROR, 32);
            d1 = d1.lanewise(XOR, a1).lanewise(ROR, 32);
            c0 = c0.add(d0).add(c0.and(LOW32).mul(d0.and(LOW32)).lanewise(LSHL, 1));
            c1 = c1.add(d1).add(c1.and(LOW32).mul(d1.and(LOW32)).lanewise(LSHL, 1));
            b0 = b0.lanewise(XOR, c0).lanewise(ROR, 24);
            b1 = b1.lanewise(XOR, c1).lanewise(ROR, 24);
            a0 = a0.add(b0).add(a0.and(LOW32).mul(b0.and(LOW32)).lanewise(LSHL, 1));
            a1 = a1.add(b1).add(a1.and(LOW32).mul(b1.and(LOW32)).lanewise(LSHL, 1));
            d0 = d0.lanewise(XOR, a0).lanewise(ROR, 16);
            d1 = d1.lanewise(XOR, a1).lanewise(ROR, 16);
            c0 = c0.add(d0).add(c0.and(LOW32).mul(d0.and(LOW32)).lanewise(LSHL, 1));
            c1 = c1.add(d1).add(c1.and(LOW32).mul(d1.and(LOW32)).lanewise(LSHL, 1));
            b0 = b0.lanewise(XOR, c0).lanewise(ROR, 63);
            b1 = b1.lanewise(XOR, c1).lanewise(ROR, 63);

            b0 = b0.rearrange(LEFT1);
            c0 = c0.rearrange(LEFT2);
            d0 = d0.rearrange(LEFT3);
            b1 = b1.rearrange(LEFT1);
            c1 = c1.rearrange(LEFT2);
            d1 = d1.rearrange(LEFT3);

            a0 = a0.add(b0).add(a0.and(LOW32).mul(b0.and(LOW32)).lanewise(LSHL, 1));
            a1 = a1.add(b1).add(a1.and(LOW32).mul(b1.and(LOW32)).lanewise(LSHL, 1));
            d0 = d0.lanewise(XOR, a0).lanewise(ROR, 32);
            d1 = d1.lanewise(XOR, a1).lanewise(ROR, 32);
            c0 = c0.add(d0).add(c0.and(LOW32).mul(d0.and(LOW32)).lanewise(LSHL, 1));
            c1 = c1.add(d1).add(c1.and(LOW32).mul(d1.and(LOW32)).lanewise(LSHL, 1));
            b0 = b0.lanewise(XOR, c0).lanewise(ROR, 24);
            b1 = b1.lanewise(XOR, c1).lanewise(ROR, 24);
            a0 = a0.add(b0).add(a0.and(LOW32).mul(b0.and(LOW32)).lanewise(LSHL, 1));
            a1 = a1.add(b1).add(a1.and(LOW32).mul(b1.and(LOW32)).lanewise(LSHL, 1));
            d0 = d0.lanewise(XOR, a0).lanewise(ROR, 16);
            d1 = d1.lanewise(XOR, a1).lanewise(ROR, 16);
            c0 = c0.add(d0).add(c0.and(LOW32).mul(d0.and(LOW32)).lanewise(LSHL, 1));
            c1 = c1.add(d1).add(c1.and(LOW32).mul(d1.and(LOW32)).lanewise(LSHL, 1));
            b0 = b0.lanewise(XOR, c0).lanewise(ROR, 63);
            b1 = b1.lanewise(XOR, c1).lanewise(ROR, 63);

            b0 = b0.rearrange(LEFT3);
            c0 = c0.rearrange(LEFT2);
            d0 = d0.rearrange(LEFT1);
            b1 = b1.rearrange(LEFT3);
            c1 = c1.rearrange(LEFT2);
            d1 = d1.rearrange(LEFT1);
            a0.blend(b0.rearrange(HALVES), HIGH).intoArray(state, i);
            c0.blend(d0.rearrange(HALVES), HIGH).intoArray(state, i + 8);
            a0.rearrange(HALVES).blend(b0, HIGH).intoArray(state, i + 16);
            c0.rearrange(HALVES).blend(d0, HIGH).intoArray(state, i + 24);
            a1.blend(b1.rearrange(HALVES), HIGH).intoArray(state, i + 32);
            c1.blend(d1.rearrange(HALVES), HIGH).intoArray(state, i + 40);
            a1.rearrange(HALVES).blend(b1, HIGH).intoArray(state, i + 48);
            c1.rearrange(HALVES).blend(d1, HIGH).intoArray(state, i + 56);
        }
    }

    @Override
    void columns(long[] out) {
        for (int i = 0; i < 16; i += 8) {
            LongVector r0 = fromArray(S, state, i);
            LongVector r1 = fromArray(S, state, i + 16);
            LongVector r2 = fromArray(S, state, i + 32);
            LongVector r3 = fromArray(S, state, i + 48);
            LongVector r4 = fromArray(S, state, i + 64);
            LongVector r5 = fromArray(S, state, i + 80);
            LongVector r6 = fromArray(S, state, i + 96);
            LongVector r7 = fromArray(S, state, i + 112);

            r0 = r0.add(r2).add(r0.and(LOW32).mul(r2.and(LOW32)).lanewise(LSHL, 1));
            r1 = r1.add(r3).add(r1.and(LOW32).mul(r3.and(LOW32)).lanewise(LSHL, 1));
            r6 = r6.lanewise(XOR, r0).lanewise(ROR, 32);
            r7 = r7.lanewise(XOR, r1).lanewise(ROR, 32);
            r4 = r4.add(r6).add(r4.and(LOW32).mul(r6.and(LOW32)).lanewise(LSHL, 1));
            r5 = r5.add(r7).add(r5.and(LOW32).mul(r7.and(LOW32)).lanewise(LSHL, 1));
            r2 = r2.lanewise(XOR, r4).lanewise(ROR, 24);
            r3 = r3.lanewise(XOR, r5).lanewise(ROR, 24);
            r0 = r0.add(r2).add(r0.and(LOW32).mul(r2.and(LOW32)).lanewise(LSHL, 1));
            r1 = r1.add(r3).add(r1.and(LOW32).mul(r3.and(LOW32)).lanewise(LSHL, 1));
            r6 = r6.lanewise(XOR, r0).lanewise(ROR, 16);
            r7 = r7.lanewise(XOR, r1).lanewise(ROR, 16);
            r4 = r4.add(r6).add(r4.and(LOW32).mul(r6.and(LOW32)).lanewise(LSHL, 1));
            r5 = r5.add(r7).add(r5.and(LOW32).mul(r7.and(LOW32)).lanewise(LSHL, 1));
            r2 = r2.lanewise(XOR, r4).lanewise(ROR, 63);
            r3 = r3.lanewise(XOR, r5).lanewise(ROR, 63);

            LongVector b0 = r2.blend(r3, EVEN).rearrange(PAIRS);
            LongVector b1 = r2.blend(r3, ODD).rearrange(PAIRS);
            LongVector d0 = r6.blend(r7, ODD).rearrange(PAIRS);
            LongVector d1 = r6.blend(r7, EVEN).rearrange(PAIRS);

            r0 = r0.add(b0).add(r0.and(LOW32).mul(b0.and(LOW32)).lanewise(LSHL, 1));
            r1 = r1.add(b1).add(r1.and(LOW32).mul(b1.and(LOW32)).lanewise(LSHL, 1));
            d0 = d0.lanewise(XOR, r0).lanewise(ROR, 32);
            d1 = d1.lanewise(XOR, r1).lanewise(ROR, 32);
            r5 = r5.add(d0).add(r5.and(LOW32).mul(d0.and(LOW32)).lanewise(LSHL, 1));
            r4 = r4.add(d1).add(r4.and(LOW32).mul(d1.and(LOW32)).lanewise(LSHL, 1));
            b0 = b0.lanewise(XOR, r5).lanewise(ROR, 24);
            b1 = b1.lanewise(XOR, r4).lanewise(ROR, 24);
            r0 = r0.add(b0).add(r0.and(LOW32).mul(b0.and(LOW32)).lanewise(LSHL, 1));
            r1 = r1.add(b1).add(r1.and(LOW32).mul(b1.and(LOW32)).lanewise(LSHL, 1));
            d0 = d0.lanewise(XOR, r0).lanewise(ROR, 16);
            d1 = d1.lanewise(XOR, r1).lanewise(ROR, 16);
            r5 = r5.add(d0).add(r5.and(LOW32).mul(d0.and(LOW32)).lanewise(LSHL, 1));
            r4 = r4.add(d1).add(r4.and(LOW32).mul(d1.and(LOW32)).lanewise(LSHL, 1));
            b0 = b0.lanewise(XOR, r5).lanewise(ROR, 63);
            b1 = b1.lanewise(XOR, r4).lanewise(ROR, 63);

            b0 = b0.rearrange(PAIRS);
            b1 = b1.rearrange(PAIRS);
            d0 = d0.rearrange(PAIRS);
            d1 = d1.rearrange(PAIRS);
            r0.lanewise(XOR, fromArray(S, saved, i)).intoArray(out, i);
            r1.lanewise(XOR, fromArray(S, saved, i + 16)).intoArray(out, i + 16);
            b1.blend(b0, ODD).lanewise(XOR, fromArray(S, saved, i + 32)).intoArray(out, i + 32);
            b0.blend(b1, ODD).lanewise(XOR, fromArray(S, saved, i + 48)).intoArray(out, i + 48);
            r4.lanewise(XOR, fromArray(S, saved, i + 64)).intoArray(out, i + 64);
            r5.lanewise(XOR, fromArray(S, saved, i + 80)).intoArray(out, i + 80);
            d0.blend(d1, ODD).lanewise(XOR, fromArray(S, saved, i + 96)).intoArray(out, i + 96);
            d1.blend(d0, ODD).lanewise(XOR, fromArray(S, saved, i + 112)).intoArray(out, i + 112);
        }
    }
}
