package dev.identity.platform;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the service writes mail and problem titles in, and how a request's {@code Accept-Language}
 * (RFC 9110 section 12.5.4) or a user's locale maps onto them.
 */
public final class Locales {

    public static final String DEFAULT = "en";
    public static final List<String> SUPPORTED = List.of("en", "ja", "zh-TW", "zh-CN", "fr", "it");

    private Locales() {
    }

    /** The supported language a tag stands for: Traditional Chinese for zh-TW, zh-HK and zh-Hant, and so on. */
    public static Optional<String> match(String tag) {
        if (tag == null || tag.isBlank() || tag.equals("*")) {
            return Optional.empty();
        }
        Locale locale = Locale.forLanguageTag(tag.trim());
        String language = locale.getLanguage();
        if (language.equals("zh")) {
            String script = locale.getScript();
            String region = locale.getCountry();
            boolean traditional = script.equals("Hant") || (script.isEmpty()
                    && (region.equals("TW") || region.equals("HK") || region.equals("MO")));
            return Optional.of(traditional ? "zh-TW" : "zh-CN");
        }
        return SUPPORTED.contains(language) ? Optional.of(language) : Optional.empty();
    }

    /** The best supported language of an Accept-Language header, if any. */
    public static Optional<String> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 512) {
            return Optional.empty();
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                Optional<String> match = match(range.getRange());
                if (match.isPresent()) {
                    return match;
                }
            }
        } catch (IllegalArgumentException e) {
            // a malformed header counts as none
        }
        return Optional.empty();
    }
}
