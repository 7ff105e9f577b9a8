package dev.identity.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN.md section 6: any well-formed BCP 47 tag is a locale, and the mail's language is its best match. */
class LocalesTest {

    @ParameterizedTest(name = "{0} is written in {1}")
    @CsvSource({
        "ja-JP, ja", "ja, ja", "JA-jp, ja",
        "zh-Hant, zh-TW", "zh-TW, zh-TW", "zh-HK, zh-TW", "zh-MO, zh-TW", "zh-Hant-TW, zh-TW", "zh-Hant-CN, zh-TW",
        "zh-Hans, zh-CN", "zh-CN, zh-CN", "zh-SG, zh-CN", "zh-Hans-HK, zh-CN", "zh, zh-CN", "zh-Hans-SG, zh-CN",
        "fr, fr", "fr-CA, fr", "fr-FR, fr", "fr-CH, fr",
        "it, it", "it-IT, it", "it-CH, it",
        "en, en", "en-US, en", "en-GB, en",
        "de-DE, ", "pt-BR, ", "ko, ", "x-private, ", "und, ",
    })
    void whenAUserHasALocaleThenMailIsInItsBestMatchAmongTheSixElseEnglish(String tag, String expected) {
        assertEquals(Optional.ofNullable(expected), Locales.match(tag));
    }

    @ParameterizedTest(name = "{0} is kept as {1}")
    @CsvSource({
        "ja-JP, ja-JP", "ja-jp, ja-JP", "JA-JP, ja-JP", "zh-hant-tw, zh-Hant-TW", "ZH-HANT-TW, zh-Hant-TW",
        "en, en", "EN-us, en-US", "fr-ca, fr-CA", "es-419, es-419", "sr-latn-rs, sr-Latn-RS",
        "de-DE-1901, de-DE-1901", "en-US-x-Twain, en-US-x-twain", "en-a-BBB-x-A-CCC, en-a-bbb-x-a-ccc",
        "iw, iw", "x-Foo, x-foo", "i-KLINGON, i-klingon", "en-GB-oed, en-GB-oed", "sgn-BE-FR, sgn-BE-FR",
    })
    void whenALocaleIsWellFormedThenItIsKeptAsGivenInCanonicalCase(String tag, String expected) {
        assertEquals(Optional.of(expected), Locales.canonical(tag));
    }

    @ParameterizedTest(name = "\"{0}\" is not a language tag")
    @CsvSource(value = {"en_US", "''", "' '", "-", "ja-", "-ja", "a", "abcdefghi", "ja--JP", "en-US-", "japanese12-JP",
        "ja JP", "日本語", "en-x", "en-a", "1234",
        "en-US-x-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void whenALocaleIsNotAWellFormedTagThenItIsRefused(String tag) {
        assertEquals(Optional.empty(), Locales.canonical(tag));
    }

    @org.junit.jupiter.api.Test
    void whenALocaleCarriesALineBreakOrATabThenItIsRefused() {
        assertEquals(Optional.empty(), Locales.canonical("ja-JP\n"));
        assertEquals(Optional.empty(), Locales.canonical("ja\tJP"));
    }

    @ParameterizedTest(name = "Accept-Language: {0} is answered in {1}")
    @CsvSource(delimiter = '|', value = {
        "ja-JP | ja", "fr-CA, en;q=0.5 | fr", "de-DE, it;q=0.9, fr;q=0.8 | it", "en;q=0.2, ja;q=0.8 | ja",
        "zh-Hant-HK | zh-TW", "zh-HK;q=0.9, zh-CN | zh-CN", "fr;q=0, it;q=0.5 | it", "fr;q=0 | ",
        "de, *;q=0.5 | ", "* | ", "'' | ", "de-DE;q=1, es;q=0.9 | ", "*;q=abc | ", "ja;q=2 | ",
    })
    void whenARequestSendsAcceptLanguageThenItsHighestWeightedSupportedRangeWinsAndWeightZeroNever(String header,
            String expected) {
        assertEquals(Optional.ofNullable(expected), Locales.fromAcceptLanguage(header));
    }
}
