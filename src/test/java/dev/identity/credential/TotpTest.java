package dev.identity.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN.md 4.3: authenticator codes are RFC 6238 TOTP with SHA-1, 6 digits, 30 seconds and one step of drift. */
class TotpTest {

    /** The SHA-1 seed of RFC 6238 appendix B: the ASCII of "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "at {0} s the code is {1}")
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void whenTheRfc6238Sha1VectorsAreComputedThenEveryCodeMatches(long seconds, String expected) {
        Instant at = Instant.ofEpochSecond(seconds);
        assertEquals(expected, Totp.withDigits(8).code(RFC_SEED, Totp.stepOf(at)));
        assertEquals(expected.substring(2), Totp.standard().code(RFC_SEED, Totp.stepOf(at)),
                "six digits are the last six of the same value (RFC 4226 5.3)");
    }

    @Test
    void whenACodeIsWithinOneStepOfNowThenItMatchesItsStepAndTwoStepsAwayItDoesNot() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(1_111_111_111L);
        long current = Totp.stepOf(now);
        for (long step = current - 1; step <= current + 1; step++) {
            assertEquals(step, totp.match(RFC_SEED, totp.code(RFC_SEED, step), now));
        }
        assertEquals(-1, totp.match(RFC_SEED, totp.code(RFC_SEED, current - 2), now));
        assertEquals(-1, totp.match(RFC_SEED, totp.code(RFC_SEED, current + 2), now));
        assertEquals(-1, totp.match(RFC_SEED, "", now));
        assertEquals(-1, totp.match(RFC_SEED, null, now));
    }

    @Test
    void whenTheSeedIsShownThenItIsBase32AndTheUriNamesIssuerAccountAndParameters() {
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(RFC_SEED), "RFC 4648 Base32, no padding");
        String uri = Totp.standard().uri("Contoso Ltd", "bob@contoso.example", RFC_SEED);
        assertEquals("otpauth://totp/Contoso%20Ltd:bob%40contoso.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Contoso%20Ltd&algorithm=SHA1&digits=6&period=30", uri);
    }

    @Test
    void whenASeedIsMadeThenItHas160RandomBits() {
        byte[] one = Totp.newSeed();
        byte[] two = Totp.newSeed();
        assertEquals(20, one.length);
        assertTrue(!java.util.Arrays.equals(one, two));
    }
}
