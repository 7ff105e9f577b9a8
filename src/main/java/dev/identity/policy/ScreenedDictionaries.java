package dev.identity.policy;

import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.StandardKeyboards;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.ZxcvbnBuilder;
import com.nulabinc.zxcvbn.matchers.Dictionary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * zxcvbn's own dictionaries (common passwords, English words, names, film and TV), each behind one small shared
 * filter that answers most lookups without touching the dictionary.
 *
 * <p>zxcvbn looks every substring of a password up in each of its six dictionaries, forwards and reversed: some
 * 3,000 lookups for a 22-character password, nearly all for words that are in none of them. Each lookup in a
 * dictionary of tens of thousands of words reads its hash table at a random place; while Argon2id streams its
 * 19 MiB through the shared cache on every core, those reads go to memory, and they were nearly half of zxcvbn's
 * time in the service. The filter (a Bloom filter of every word of every dictionary, 128 KiB, both bits of a word
 * in one 64-byte block) rules out a word that is in no dictionary with one read, which the next five dictionaries'
 * lookups of the same word then find in the cache. A word it lets through is looked up as before, so every
 * estimate is zxcvbn's own: a Bloom filter has no false negatives.
 */
final class ScreenedDictionaries {

    private ScreenedDictionaries() {
    }

    /** zxcvbn with its standard keyboards and its standard dictionaries, screened. */
    static Zxcvbn zxcvbn() {
        try {
            List<Dictionary> dictionaries = StandardDictionaries.loadAllDictionaries();
            int words = dictionaries.stream().mapToInt(d -> d.getRankedDictionary().size()).sum();
            Filter filter = new Filter(words);
            dictionaries.forEach(d -> d.getRankedDictionary().keySet().forEach(filter::add));
            return new ZxcvbnBuilder()
                    .dictionaries(dictionaries.stream().map(d -> (Dictionary) new Screened(d, filter)).toList())
                    .keyboards(StandardKeyboards.loadAllKeyboards()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("zxcvbn's dictionaries could not be read", e);
        }
    }

    /** A blocked Bloom filter over String hash codes: two bits per word, in one 64-byte block. */
    static final class Filter {

        private static final int LONGS_PER_LINE = 8;
        private final long[] bits;
        private final int lineMask;

        /** About 11 bits per word (rounded up to lines in a power of two): some 3 % false positives. */
        Filter(int words) {
            int lines = Integer.highestOneBit(Math.max(1, words * 11 / 512)) * 2;
            this.bits = new long[lines * LONGS_PER_LINE];
            this.lineMask = lines - 1;
        }

        void add(String word) {
            long mixed = mix(word.hashCode());
            int line = line(mixed);
            bits[line + (bit1(mixed) >>> 6)] |= 1L << bit1(mixed);
            bits[line + (bit2(mixed) >>> 6)] |= 1L << bit2(mixed);
        }

        /** False only for a word that was never added. */
        boolean mightContain(String word) {
            long mixed = mix(word.hashCode());
            int line = line(mixed);
            return (bits[line + (bit1(mixed) >>> 6)] & (1L << bit1(mixed))) != 0
                    && (bits[line + (bit2(mixed) >>> 6)] & (1L << bit2(mixed))) != 0;
        }

        private static long mix(int hash) {
            long x = hash * 0x9E3779B97F4A7C15L;
            return x ^ (x >>> 29);
        }

        private int line(long mixed) {
            return (int) (mixed & lineMask) * LONGS_PER_LINE;
        }

        private static int bit1(long mixed) {
            return (int) (mixed >>> 40) & 511;
        }

        private static int bit2(long mixed) {
            return (int) (mixed >>> 49) & 511;
        }
    }

    /** A dictionary whose ranks zxcvbn reads through the filter. */
    private static final class Screened extends Dictionary {

        private final Map<String, Integer> ranks;

        Screened(Dictionary dictionary, Filter filter) {
            super(dictionary.getName(), dictionary.getFrequencies());
            // The ranks the superclass has just built from the same words: the original dictionary can go.
            this.ranks = new ScreenedRanks(super.getRankedDictionary(), filter);
        }

        @Override
        public Map<String, Integer> getRankedDictionary() {
            return ranks;
        }
    }

    /** Word to rank, asking the filter before the map; everything but lookups is the map's. */
    private static final class ScreenedRanks extends AbstractMap<String, Integer> {

        private final Map<String, Integer> ranks;
        private final Filter filter;

        ScreenedRanks(Map<String, Integer> ranks, Filter filter) {
            this.ranks = ranks;
            this.filter = filter;
        }

        @Override
        public Integer get(Object key) {
            return key instanceof String word && !filter.mightContain(word) ? null : ranks.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return !(key instanceof String word && !filter.mightContain(word)) && ranks.containsKey(key);
        }

        @Override
        public Set<Entry<String, Integer>> entrySet() {
            return ranks.entrySet();
        }

        @Override
        public int size() {
            return ranks.size();
        }
    }
}
