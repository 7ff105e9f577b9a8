package dev.identity.policy;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;

/**
 * The one key a user name is compared by (DESIGN.md 2): NFKC, then Unicode full case folding, then NFKC again.
 * {@code Émile} and {@code émile} (composed or not), full-width {@code ａｌｉｃｅ} and {@code alice}, {@code Straße}
 * and {@code STRASSE} have one key each, so they are one account at creation, sign-in, recovery, in the limits'
 * keys and in the audit.
 *
 * <p>Case folding is Unicode's default, not a locale's lower-casing: the key does not depend on the JVM's or the
 * database's locale, and the Turkish dotted {@code İ} folds to {@code i} with a combining dot above (not to
 * {@code i}, as {@code toLowerCase(tr)} would, nor to itself, as PostgreSQL's {@code lower()} under the C locale
 * would). The second NFKC makes the key stable: folding may leave a string that is not normalized, and a key must
 * be its own key. Leading and trailing white space is not part of a name.
 */
public final class UserNames {

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    private UserNames() {
    }

    /** The canonical key of a user name. */
    public static String key(String userName) {
        String compatible = NFKC.normalize(userName.strip());
        return NFKC.normalize(UCharacter.foldCase(compatible, UCharacter.FOLD_CASE_DEFAULT)).strip();
    }
}
