package dev.identity.credential;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1, 30-second steps, and
 * one step of drift either way. The codes come from java-otp; this class adds the seed, the {@code otpauth://}
 * URI the apps read, and the matching window.
 */
public final class Totp {

    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    /** Steps of clock drift accepted on either side of the current one. */
    public static final int DRIFT = 1;
    /** 160-bit seeds, the HMAC-SHA1 output size that RFC 4226 section 4 recommends. */
    static final int SEED_BYTES = 20;
    private static final String ALGORITHM = TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TimeBasedOneTimePasswordGenerator generator;
    private final int digits;

    private Totp(int digits) {
        this.digits = digits;
        this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits, ALGORITHM);
    }

    /** The parameters every authenticator app understands: SHA-1, 6 digits, 30 seconds. */
    public static Totp standard() {
        return new Totp(DIGITS);
    }

    /** The same with another code length; RFC 6238's test vectors are 8 digits. */
    static Totp withDigits(int digits) {
        return new Totp(digits);
    }

    public static byte[] newSeed() {
        byte[] seed = new byte[SEED_BYTES];
        RANDOM.nextBytes(seed);
        return seed;
    }

    /** The time step an instant falls in. */
    public static long stepOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    /** The code of a step. */
    public String code(byte[] seed, long step) {
        try {
            return generator.generateOneTimePasswordString(new SecretKeySpec(seed, "RAW"),
                    Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step, within the drift window around {@code now}, whose code is the one given; -1 when none is. Every
     * step of the window is computed and compared in constant time, whichever matches.
     */
    public long match(byte[] seed, String code, Instant now) {
        byte[] given = (code == null ? "" : code).getBytes(StandardCharsets.US_ASCII);
        long current = stepOf(now);
        long found = -1;
        for (long step = current - DRIFT; step <= current + DRIFT; step++) {
            byte[] expected = code(seed, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given) && found < 0) {
                found = step;
            }
        }
        return found;
    }

    /** The seed as authenticator apps take it when typed in: Base32 (RFC 4648) without padding. */
    public static String base32(byte[] seed) {
        return new Base32().encodeAsString(seed).replace("=", "");
    }

    /**
     * The key URI that authenticator apps scan as a QR code (the de-facto {@code otpauth://} format): the label is
     * {@code issuer:account}, and the parameters repeat the issuer and state the algorithm, digits and period.
     */
    public String uri(String issuer, String account, byte[] seed) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(account) + "?secret=" + base32(seed)
                + "&issuer=" + encode(issuer) + "&algorithm=SHA1&digits=" + digits + "&period=" + STEP.toSeconds();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
