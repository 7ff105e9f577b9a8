package dev.identity.support;

import static dev.identity.support.Api.as;

import dev.identity.credential.Totp;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.binary.Base32;
import org.awaitility.Awaitility;

/**
 * An authenticator app for tests: registers over HTTP and makes codes as an app would. Each code is of a time
 * step later than the last one this app gave (the service accepts a step once), and never of a step about to
 * leave the window of one step either side.
 */
public final class Authenticators {

    private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();

    private Authenticators() {
    }

    public static ValidatableResponse registerResponse(String token) {
        return as(token).post("/api/v1/me/security-info/authenticator").then();
    }

    public static ValidatableResponse confirm(String token, String code) {
        return as(token).body(Map.of("code", code)).post("/api/v1/me/security-info/authenticator/verify").then();
    }

    /** Starts a registration and returns the seed from its secret. */
    public static byte[] begin(String token) {
        return seedOf(registerResponse(token).statusCode(201).extract().path("secret"));
    }

    /** Registers and confirms an authenticator for the signed-in user; returns its seed. */
    public static byte[] register(String token) {
        byte[] seed = begin(token);
        confirm(token, nextCode(seed)).statusCode(204);
        return seed;
    }

    public static byte[] seedOf(String base32) {
        return new Base32().decode(base32);
    }

    /** A code the service has not seen from this app yet. */
    public static synchronized String nextCode(byte[] seed) {
        String key = new Base32().encodeAsString(seed);
        while (true) {
            Instant now = Instant.now();
            long current = Totp.stepOf(now);
            boolean late = now.getEpochSecond() % Totp.STEP.toSeconds() >= Totp.STEP.toSeconds() - 5;
            long step = Math.max(late ? current : current - 1, LAST_STEP.getOrDefault(key, Long.MIN_VALUE) + 1);
            if (step <= current + 1) {
                LAST_STEP.put(key, step);
                return Totp.standard().code(seed, step);
            }
            sleepToNextStep(now);
        }
    }

    /** A code of a step outside the window: right for the seed, but too old. */
    public static String staleCode(byte[] seed) {
        return Totp.standard().code(seed, Totp.stepOf(Instant.now()) - 3);
    }

    /** Six digits that are none of the codes of the window. */
    public static String wrongCode(byte[] seed) {
        long current = Totp.stepOf(Instant.now());
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            boolean inWindow = false;
            for (long step = current - 2; step <= current + 2; step++) {
                inWindow |= Totp.standard().code(seed, step).equals(code);
            }
            if (!inWindow) {
                return code;
            }
        }
    }

    /** Waits until the clock is in the next 30-second step. */
    private static void sleepToNextStep(Instant now) {
        long stepMillis = Totp.STEP.toMillis();
        long step = now.toEpochMilli() / stepMillis;
        Awaitility.await().pollInterval(Duration.ofMillis(50)).atMost(Totp.STEP.plusSeconds(1))
                .until(() -> System.currentTimeMillis() / stepMillis > step);
    }
}
