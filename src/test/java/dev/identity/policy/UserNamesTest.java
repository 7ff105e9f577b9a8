package dev.identity.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** DESIGN.md 2: one canonical user-name key, NFKC then Unicode case folding, whatever the locale. */
class UserNamesTest {

    @Test
    void whenNamesDifferOnlyInCaseOrCompositionThenTheyHaveOneKey() {
        String composed = "\u00C9mile";
        String decomposed = "E\u0301mile";
        assertEquals(UserNames.key("émile"), UserNames.key(composed));
        assertEquals(UserNames.key("émile"), UserNames.key(decomposed));
        assertEquals(UserNames.key("émile"), UserNames.key("ÉMILE"));
    }

    @Test
    void whenANameIsWrittenInFullWidthFormsThenItHasTheKeyOfItsAsciiForm() {
        assertEquals("alice@contoso.example", UserNames.key("ａｌｉｃｅ＠contoso.example"));
        assertEquals("alice", UserNames.key("ＡＬＩＣＥ"));
    }

    @Test
    void whenANameHasSharpSThenItIsTheSameKeyAsDoubleS() {
        assertEquals(UserNames.key("strasse"), UserNames.key("Straße"));
        assertEquals(UserNames.key("STRASSE"), UserNames.key("straße"));
        assertEquals(UserNames.key("ss"), UserNames.key("ẞ"));
    }

    @Test
    void whenTheTurkishDottedCapitalIIsFoldedThenTheKeyIsUnicodesNotALocalesAndTheSameUnderEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            String underTurkish = UserNames.key("İlker");
            String plainIUnderTurkish = UserNames.key("ILKER");
            Locale.setDefault(Locale.ROOT);
            assertEquals(underTurkish, UserNames.key("İlker"));
            assertEquals(plainIUnderTurkish, UserNames.key("ILKER"));
            // Unicode folds İ to i and a combining dot above: the same as typing that, not the same as plain i.
            assertEquals("i\u0307lker", underTurkish);
            assertEquals(UserNames.key("i\u0307lker"), underTurkish);
            assertEquals("ilker", plainIUnderTurkish);
            assertNotEquals(UserNames.key("ılker"), plainIUnderTurkish);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void whenAKeyIsKeyedAgainThenItIsUnchangedAndWhiteSpaceAroundANameIsNotPartOfIt() {
        for (String name : new String[] {"Émile", "ａｌｉｃｅ", "Straße", "İlker", "ǅemal", "ﬁnn", "Ⅻ-team"}) {
            String key = UserNames.key(name);
            assertEquals(key, UserNames.key(key), name);
        }
        assertEquals(UserNames.key("bob@contoso.example"), UserNames.key("  Bob@Contoso.example\t"));
    }
}
