package dev.identity.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Rotating the secrets key (README, operations): the previous key still opens and verifies, never seals. */
class SecretBoxRotationTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void whenTheKeyIsRotatedThenWhatTheOldKeySealedStillOpensAndNewSealsUseTheNewKey() {
        byte[] oldKey = key();
        byte[] newKey = key();
        SecretBox before = new SecretBox(oldKey, null);
        SecretBox during = new SecretBox(newKey, oldKey);
        SecretBox after = new SecretBox(newKey, null);
        String sealedBefore = before.seal("seed:1", "secret");

        assertTrue(during.rotating());
        assertEquals("secret", during.open("seed:1", sealedBefore));
        assertFalse(during.sealedWithCurrentKey("seed:1", sealedBefore));
        String sealedDuring = during.seal("seed:1", "secret");
        assertTrue(during.sealedWithCurrentKey("seed:1", sealedDuring));
        assertEquals("secret", after.open("seed:1", sealedDuring));
        assertThrows(IllegalStateException.class, () -> after.open("seed:1", sealedBefore));
        assertThrows(IllegalStateException.class, () -> during.open("seed:2", sealedBefore));
    }

    @Test
    void whenTheKeyIsRotatedThenAHashMadeUnderTheOldKeyIsComparedWithThePreviousHmac() {
        byte[] oldKey = key();
        byte[] newKey = key();
        byte[] stored = new SecretBox(oldKey, null).hmac("code", "12345678");
        SecretBox during = new SecretBox(newKey, oldKey);
        assertArrayEquals(stored, during.previousHmac("code", "12345678").orElseThrow());
        assertFalse(java.util.Arrays.equals(stored, during.hmac("code", "12345678")));
        assertTrue(new SecretBox(newKey, null).previousHmac("code", "12345678").isEmpty());
    }

    @Test
    void whenRotatingThenOnlyWhatThePreviousKeySealedIsSealedAgain() {
        byte[] oldKey = key();
        byte[] newKey = key();
        SecretBox during = new SecretBox(newKey, oldKey);
        String underOld = new SecretBox(oldKey, null).seal("mail:1", "body");
        String again = during.resealed("mail:1", underOld).orElseThrow();
        assertEquals("body", new SecretBox(newKey, null).open("mail:1", again));
        assertTrue(during.resealed("mail:1", again).isEmpty());
        assertTrue(during.resealed("mail:1", new SecretBox(key(), null).seal("mail:1", "body")).isEmpty());
        assertTrue(during.resealed("mail:1", "not sealed").isEmpty());
        assertTrue(new SecretBox(newKey, null).resealed("mail:1", underOld).isEmpty());
    }
}
