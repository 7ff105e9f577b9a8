package dev.identity.directory;

/** The forms of the names a tenant and its users are known by, as request bodies and look-ups check them. */
public final class Formats {

    /** A DNS domain name, lower or upper case. */
    public static final String DOMAIN =
            "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";
    /** A sign-in name of the form local@domain. */
    public static final String USER_NAME = "^[^@\\s\\x00-\\x1F\\x7F]{1,64}@(?=.{1,253}$)"
            + "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";
    /** No control character (C0 or DEL), in hex escapes, which Java and the JavaScript of clients read alike. */
    public static final String NO_CONTROL = "^[^\\x00-\\x1F\\x7F]*$";
    /** How the API documents a {@code locale} field. */
    public static final String LOCALE_DOC = "A BCP 47 language tag (ja-JP, zh-Hant-TW, fr-CA, en), kept and answered "
            + "in canonical case. Mail is written in its best match among en, ja, zh-TW (Traditional), zh-CN "
            + "(Simplified), fr and it; English when none matches.";

    private Formats() {
    }
}
