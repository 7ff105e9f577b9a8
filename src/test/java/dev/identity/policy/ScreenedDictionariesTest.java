package dev.identity.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nulabinc.zxcvbn.StandardDictionaries;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Dictionary;
import com.nulabinc.zxcvbn.matchers.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 5's strength estimate: the filter in front of zxcvbn's dictionaries changes no answer. */
class ScreenedDictionariesTest {

    @Test
    void whenThePolicyEstimatesThroughTheScreenedDictionariesThenEveryEstimateIsZxcvbnsOwn() throws Exception {
        Zxcvbn plain = new Zxcvbn();
        Zxcvbn screened = ScreenedDictionaries.zxcvbn();
        Random random = new Random(7);
        List<String> passwords = new ArrayList<>();
        for (Dictionary dictionary : StandardDictionaries.loadAllDictionaries()) {
            List<String> words = dictionary.getFrequencies();
            for (int i = 0; i < 60; i++) {
                String word = words.get(i < 20 ? i : random.nextInt(words.size()));
                passwords.add(word);
                passwords.add(new StringBuilder(word).reverse() + "-" + random.nextInt(1000));
                passwords.add(word.replace('a', '@').replace('o', '0').replace('e', '3') + "!2024");
                passwords.add(Character.toUpperCase(word.charAt(0)) + word.substring(1) + "-Harbor-" + i);
            }
        }
        for (int i = 0; i < 200; i++) {
            StringBuilder noise = new StringBuilder();
            for (int c = 0, n = 8 + random.nextInt(20); c < n; c++) {
                noise.append((char) (33 + random.nextInt(94)));
            }
            passwords.add(noise.toString());
        }
        List<String> userInputs = List.of("alice@contoso.example", "Alice Smith", "Contoso Pharmaceuticals");
        for (String password : passwords) {
            Strength expected = plain.measure(password, userInputs);
            Strength actual = screened.measure(password, userInputs);
            assertEquals(expected.getScore(), actual.getScore(), password);
            assertEquals(expected.getGuesses(), actual.getGuesses(), password);
            assertEquals(describe(expected.getSequence()), describe(actual.getSequence()), password);
        }
    }

    @Test
    void whenTheFilterIsAskedThenEveryDictionaryWordPassesAndMostOtherWordsDoNot() throws Exception {
        List<String> words = new ArrayList<>();
        for (Dictionary dictionary : StandardDictionaries.loadAllDictionaries()) {
            words.addAll(dictionary.getRankedDictionary().keySet());
        }
        ScreenedDictionaries.Filter filter = new ScreenedDictionaries.Filter(words.size());
        words.forEach(filter::add);
        for (String word : words) {
            assertTrue(filter.mightContain(word), word);
        }
        int passed = 0;
        for (int i = 0; i < 100_000; i++) {
            passed += filter.mightContain("not-a-word-" + i) ? 1 : 0;
        }
        assertTrue(passed < 6_000, passed + " of 100,000 other words passed the filter");
    }

    private static List<String> describe(List<Match> sequence) {
        return sequence.stream().map(m -> m.pattern + ":" + m.i + "-" + m.j + ":" + m.dictionaryName + ":" + m.rank
                + ":" + m.reversed + ":" + m.l33t).toList();
    }
}
