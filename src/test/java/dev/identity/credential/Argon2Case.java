package dev.identity.credential;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A random Argon2 computation, for comparing an implementation with libargon2's portable build: any type, either
 * version, 1-4 lanes, memory not always whole segments (libargon2 rounds down), tags past 64 bytes (H' chained),
 * sometimes a secret and associated data. Its {@link #toString()} is the whole case, for a failure's message.
 */
record Argon2Case(int type, int version, byte[] password, byte[] salt, byte[] secret, byte[] ad, int lanes,
        int memoryKib, int passes, int tagLength) {

    static Argon2Case random(SplittableRandom random) {
        int lanes = random.nextInt(1, 5);
        return new Argon2Case(random.nextInt(3), random.nextBoolean() ? Argon2id.VERSION_13 : Argon2id.VERSION_10,
                bytes(random, random.nextInt(0, 130)), bytes(random, random.nextInt(8, 40)),
                bytes(random, random.nextInt(3) == 0 ? random.nextInt(1, 33) : 0),
                bytes(random, random.nextInt(3) == 0 ? random.nextInt(1, 33) : 0), lanes,
                random.nextInt(8 * lanes, 1025), random.nextInt(1, 4), random.nextInt(4, 140));
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The tag by argon2-jvm's portable libargon2. */
    byte[] portable() {
        return LibArgon2.hash(false, type, version, password, salt, secret, ad, tagLength, memoryKib, passes, lanes);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "type " + type + ", version " + version + ", password " + hex.formatHex(password) + ", salt "
                + hex.formatHex(salt) + ", secret " + hex.formatHex(secret) + ", ad " + hex.formatHex(ad) + ", m="
                + memoryKib + ", t=" + passes + ", p=" + lanes + ", tag " + tagLength;
    }
}
