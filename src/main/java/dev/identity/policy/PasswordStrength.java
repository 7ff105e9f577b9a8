package dev.identity.policy;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;
import java.util.List;

/**
 * The zxcvbn estimate of how guessable a password is, computed once per candidate and shared by the
 * rules that need it. zxcvbn ships a list of 30,000 common passwords and English words and names.
 */
public final class PasswordStrength {

    private static final Zxcvbn ZXCVBN = ScreenedDictionaries.zxcvbn();
    private final Strength strength;

    private PasswordStrength(Strength strength) {
        this.strength = strength;
    }

    static PasswordStrength estimate(String password, List<String> userInputs) {
        return new PasswordStrength(ZXCVBN.measure(password, userInputs));
    }

    /** zxcvbn's score, 0 (too guessable) to 4 (very unguessable). */
    public int score() {
        return strength.getScore();
    }

    /**
     * Whether the whole password is a commonly used password: one match against the common-password list
     * (zxcvbn also tries it reversed and with l33t substitutions), or such a password with only
     * a few guessable characters around it.
     */
    public boolean isCommonPassword() {
        List<Match> sequence = strength.getSequence();
        int length = strength.getPassword().length();
        for (Match match : sequence) {
            if ("passwords".equals(match.dictionaryName) && match.tokenLength() >= length - 3
                    && match.tokenLength() >= 8) {
                return true;
            }
        }
        return false;
    }
}
