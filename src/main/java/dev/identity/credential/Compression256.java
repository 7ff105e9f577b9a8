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
 * The compression on 256-bit vectors (AVX2): four words to a vector, as libargon2's {@code opt.c} for AVX2.
 *
 * <p>Rows: a row's 16 words are four vectors, and the diagonal step rotates three of them; two rows at a time,
 * their steps interleaved, because each row is one long chain of dependent instructions and two chains keep the
 * vector units busy where one would leave them waiting. Columns: a column is the words 2j and 2j + 1 of every
 * row, so the four words at 4i of row k are words 2k and 2k + 1 of columns 2i and 2i + 1; the column step works on
 * whole vectors (words 0, 1, 4, 5... in r0, r2, r4, r6, the others in r1, r3, r5, r7), and the diagonal step gets
 * the words of two rows into one vector with a blend and a swap within pairs, and takes them back the same way.
 *
 * <p>Every step is written out, without helper methods: C2 inlines the Vector API's methods whatever their size,
 * but stops inlining ordinary ones once a method has grown large, and a vector that crosses a call that was not
 * inlined is boxed on the heap, which made a hash five times slower.
 */
final class Compression256 extends Compression {

    private static final VectorSpecies<Long> S = LongVector.SPECIES_256;
    private static final VectorShuffle<Long> LEFT1 = VectorShuffle.fromValues(S, 1, 2, 3, 0);
    private static final VectorShuffle<Long> LEFT2 = VectorShuffle.fromValues(S, 2, 3, 0, 1);
    private static final VectorShuffle<Long> LEFT3 = VectorShuffle.fromValues(S, 3, 0, 1, 2);
    private static final VectorShuffle<Long> PAIRS = VectorShuffle.fromValues(S, 1, 0, 3, 2);
    private static final VectorMask<Long> ODD = VectorMask.fromValues(S, false, true, false, true);
    private static final VectorMask<Long> EVEN = ODD.not();

    @Override
    void rows(long[] x, long[] y, long[] overwritten) {
        for (int i = 0; i < WORDS; i += 32) {
            LongVector a0 = fromArray(S, x, i).lanewise(XOR, fromArray(S, y, i));
            LongVector b0 = fromArray(S, x, i + 4).lanewise(XOR, fromArray(S, y, i + 4));
            LongVector c0 = fromArray(S, x, i + 8).lanewise(XOR, fromArray(S, y, i + 8));
            LongVector d0 = fromArray(S, x, i + 12).lanewise(XOR, fromArray(S, y, i + 12));
            LongVector a1 = fromArray(S, x, i + 16).lanewise(XOR, fromArray(S, y, i + 16));
            LongVector b1 = fromArray(S, x, i + 20).lanewise(XOR, fromArray(S, y, i + 20));
            LongVector c1 = fromArray(S, x, i + 24).lanewise(XOR, fromArray(S, y, i + 24));
            LongVector d1 = fromArray(S, x, i + 28).lanewise(XOR, fromArray(S, y, i + 28));
            if (overwritten == null) {
                a0.intoArray(saved, i);
                b0.intoArray(saved, i + 4);
                c0.intoArray(saved, i + 8);
                d0.intoArray(saved, i + 12);
                a1.intoArray(saved, i + 16);
                b1.intoArray(saved, i + 20);
                c1.intoArray(saved, i + 24);
                d1.intoArray(saved, i + 28);
            } else {
                a0.lanewise(XOR, fromArray(S, overwritten, i)).intoArray(saved, i);
                b0.lanewise(XOR, fromArray(S, overwritten, i + 4)).intoArray(saved, i + 4);
                c0.lanewise(XOR, fromArray(S, overwritten, i + 8)).intoArray(saved, i + 8);
                d0.lanewise(XOR, fromArray(S, overwritten, i + 12)).intoArray(saved, i + 12);
                a1.lanewise(XOR, fromArray(S, overwritten, i + 16)).intoArray(saved, i + 16);
                b1.lanewise(XOR, fromArray(S, overwritten, i + 20)).intoArray(saved, i + 20);
                c1.lanewise(XOR, fromArray(S, overwritten, i + 24)).intoArray(saved, i + 24);
                d1.lanewise(XOR, fromArray(S, overwritten, i + 28)).intoArray(saved, i + 28);
            }

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

            a0.intoArray(state, i);
            b0.rearrange(LEFT3).intoArray(state, i + 4);
            c0.rearrange(LEFT2).intoArray(state, i + 8);
            d0.rearrange(LEFT1).intoArray(state, i + 12);
            a1.intoArray(state, i + 16);
            b1.rearrange(LEFT3).intoArray(state, i + 20);
            c1.rearrange(LEFT2).intoArray(state, i + 24);
            d1.rearrange(LEFT1).intoArray(state, i + 28);
        }
    }

    @Override
    void columns(long[] out) {
        for (int i = 0; i < 16; i += 4) {
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
