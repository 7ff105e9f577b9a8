package dev.identity.platform;

import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Language tags: which are well-formed (BCP 47, RFC 5646), how they are kept (as given, in canonical case), and
 * which of the six languages the service writes mail and problem titles in stands for a user's tag or a request's
 * {@code Accept-Language} (RFC 9110 section 12.5.4).
 */
public final class Locales {

    public static final String DEFAULT = "en";
    public static final List<String> SUPPORTED = List.of("en", "ja", "zh-TW", "zh-CN", "fr", "it");
    /** Longer than any tag a directory or browser sends (RFC 5646 section 4.4.1 suggests 35 for the core). */
    public static final int MAX_TAG_LENGTH = 64;

    private Locales() {
    }

    /**
     * The tag in canonical case (RFC 5646 section 2.1.1: language lower case, a four-letter script in title case, a
     * two-letter region upper case, everything else and all after a singleton lower case), or empty when it is not
     * a well-formed BCP 47 tag. Only the case changes: {@code iw} stays {@code iw}, {@code en-GB-oed} stays itself.
     */
    public static Optional<String> canonical(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            return Optional.empty();
        }
        try {
            // Locale.Builder refuses what is not well-formed (an underscore, an empty or over-long subtag, a lone
            // singleton); Locale.forLanguageTag would keep whatever prefix it could read instead.
            new Locale.Builder().setLanguageTag(tag);
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
        String[] subtags = tag.split("-");
        StringBuilder canonical = new StringBuilder(tag.length());
        boolean afterSingleton = false;
        for (int i = 0; i < subtags.length; i++) {
            String subtag = subtags[i].toLowerCase(Locale.ROOT);
            if (i > 0 && !afterSingleton) {
                if (subtag.length() == 1) {
                    afterSingleton = true;
                } else if (subtag.length() == 2) {
                    subtag = subtag.toUpperCase(Locale.ROOT);
                } else if (subtag.length() == 4 && Character.isLetter(subtag.charAt(0))) {
                    subtag = Character.toUpperCase(subtag.charAt(0)) + subtag.substring(1);
                }
            }
            if (i == 0 && subtag.length() == 1) {
                afterSingleton = true; // a private-use or grandfathered "x-..." / "i-..." tag
            }
            canonical.append(i == 0 ? "" : "-").append(subtag);
        }
        return Optional.of(canonical.toString());
    }

    /**
     * The supported language a tag stands for: Traditional Chinese for {@code zh-Hant}, {@code zh-TW}, {@code zh-HK}
     * and {@code zh-MO}, Simplified for other Chinese, else by language ({@code ja-JP} is Japanese, {@code fr-CA}
     * French); empty when none of the six.
     */
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

    /**
     * The best supported language of an Accept-Language header: its ranges by weight, highest first (equal
     * weights in the order sent), the first that stands for one of the six; a range of weight 0 ("not this") never.
     */
    public static Optional<String> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 512) {
            return Optional.empty();
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() <= 0) {
                    break; // sorted by weight: the rest are refused too
                }
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
