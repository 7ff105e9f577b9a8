package dev.identity.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 26: the vectorised Argon2 gives libargon2's bytes (its portable build's), in both vector shapes, for every
 * type, version, lane count and length; and where the JVM cannot run it at speed, libargon2 hashes instead.
 */
class VectorArgon2Test {

    private static final List<Supplier<Compression>> SHAPES = List.of(Compression256::new, Compression512::new);
    private static final LongBuffer MEMORY =
            ByteBuffer.allocateDirect(4 << 20).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** RFC 9106 5.1-5.3: 32 KiB, 3 passes, 4 lanes, with a secret and associated data. */
    @Test
    void whenTheRfc9106TestVectorsAreHashedThenEachShapeGivesTheirTags() {
        String[] tags = {
            "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb", // Argon2d
            "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8", // Argon2i
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", // Argon2id
        };
        for (Supplier<Compression> shape : SHAPES) {
            for (int type = 0; type < 3; type++) {
                byte[] tag = VectorArgon2.hash(shape.get(), type, Argon2id.VERSION_13, bytes(32, 1), bytes(16, 2),
                        bytes(8, 3), bytes(12, 4), 32, 32, 3, 4, MEMORY);
                assertEquals(tags[type], HexFormat.of().formatHex(tag), shape.get().getClass() + ", type " + type);
            }
        }
    }

    @Test
    void whenRandomInputsAreHashedThenEachShapeGivesLibargon2sBytes() {
        SplittableRandom random = new SplittableRandom(); // a new seed each run; a failure prints its case
        for (int i = 0; i < 40; i++) {
            Argon2Case c = Argon2Case.random(random);
            byte[] expected = c.portable();
            for (Supplier<Compression> shape : SHAPES) {
                byte[] tag = VectorArgon2.hash(shape.get(), c.type(), c.version(), c.password(), c.salt(), c.secret(),
                        c.ad(), c.tagLength(), c.memoryKib(), c.passes(), c.lanes(), MEMORY);
                assertArrayEquals(expected, tag, shape.get().getClass().getSimpleName() + ": " + c);
            }
        }
    }

    @Test
    void whenTheServiceHashesAtItsParametersThenTheVectorApiAndLibargon2Agree() {
        byte[] password = "correct horse battery staple".getBytes();
        byte[] salt = "somesaltsomesalt".getBytes();
        byte[] tag = VectorArgon2.hash(Argon2id.ARGON2ID, Argon2id.VERSION_13, password, salt, new byte[0],
                new byte[0], 32, 19456, 2, 1, HashMemory.words(VectorArgon2.bytes(19456, 1)));
        // The yardstick's tag (../shared/tools/argon2-yardstick prints its first bytes), and libargon2's.
        assertTrue(HexFormat.of().formatHex(tag).startsWith("2123bb924bc5ce1d"));
        assertArrayEquals(LibArgon2.hashPortable(Argon2id.ARGON2ID, Argon2id.VERSION_13, password, salt, 32, 19456,
                2, 1), tag);
    }

    /**
     * Where there is no libargon2 built for this CPU (here: the JVM told to keep to the portable build), the choice
     * is made from the JVM: the Vector API where the module is there and C2 compiles; libargon2 without the module,
     * or with C1 alone (where the Vector API would run as objects). Each a JVM of its own, and each verifies the same
     * hash.
     */
    @Test
    void whenTheJvmLacksTheIncubatorModuleOrC2ThenLibargon2HashesAndVerifiesTheSame() throws Exception {
        String noCpuBuild = "-Ddev.identity.argon2.cpu-build=false";
        assertTrue(Argon2Probe.run(noCpuBuild, "--add-modules", "jdk.incubator.vector").startsWith("Vector API"));
        assertTrue(Argon2Probe.run(noCpuBuild).startsWith("libargon2 (portable"));
        assertTrue(Argon2Probe.run(noCpuBuild, "--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1")
                .startsWith("libargon2 (portable"));
    }
}
