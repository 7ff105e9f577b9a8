package dev.identity.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 26: libargon2 built for the CPU's family by the service's build (src/main/native/argon2-for-cpu.sh) gives
 * the portable build's bytes for every type, version, lane count and length, and the service hashes with it where
 * the CPU runs it, with or without the incubator module and C2.
 */
class LibArgon2ForCpuTest {

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Whether the build made libargon2 for x86-64-v3 and this is a Linux x86-64 CPU with AVX2. */
    private static boolean builtAndRunnable() throws IOException {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))
                || LibArgon2.class.getClassLoader().getResource("linux-x86-64/libargon2-x86-64-v3.so") == null) {
            return false;
        }
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("flags"))
                .findFirst().map(line -> line.contains(" avx2 ") && line.contains(" bmi2 ")).orElse(false);
    }

    @Test
    void whenTheBuildMadeLibargon2ForThisCpuThenTheServiceHashesWithItWithoutTheModuleOrC2() throws Exception {
        assumeTrue(builtAndRunnable(), "libargon2 built for x86-64-v3 and a CPU with AVX2");
        String family = LibArgon2.cpuFamily().orElseThrow();
        assertTrue(family.startsWith("x86-64-v"), family);
        assertEquals("libargon2 built for " + family, Argon2id.implementation());
        assertEquals("libargon2 built for " + family, Argon2Probe.run());
        assertEquals("libargon2 built for " + family, Argon2Probe.run("-XX:TieredStopAtLevel=1"));
        assertEquals("libargon2 built for " + family,
                Argon2Probe.run("--add-modules", "jdk.incubator.vector"));
    }

    /** RFC 9106 5.1-5.3: 32 KiB, 3 passes, 4 lanes, with a secret and associated data; both builds. */
    @Test
    void whenTheRfc9106TestVectorsAreHashedThenBothBuildsGiveTheirTags() {
        String[] tags = {
            "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb", // Argon2d
            "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8", // Argon2i
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", // Argon2id
        };
        for (boolean forCpu : new boolean[] {true, false}) {
            for (int type = 0; type < 3; type++) {
                byte[] tag = LibArgon2.hash(forCpu, type, Argon2id.VERSION_13, bytes(32, 1), bytes(16, 2),
                        bytes(8, 3), bytes(12, 4), 32, 32, 3, 4);
                assertEquals(tags[type], HexFormat.of().formatHex(tag), "for the CPU " + forCpu + ", type " + type);
            }
        }
    }

    @Test
    void whenRandomInputsAreHashedThenTheBuildForThisCpuGivesThePortableBuildsBytes() throws Exception {
        assumeTrue(builtAndRunnable(), "libargon2 built for x86-64-v3 and a CPU with AVX2");
        SplittableRandom random = new SplittableRandom(); // a new seed each run; a failure prints its case
        for (int i = 0; i < 60; i++) {
            Argon2Case c = Argon2Case.random(random);
            assertArrayEquals(c.portable(), LibArgon2.hash(true, c.type(), c.version(), c.password(), c.salt(),
                    c.secret(), c.ad(), c.tagLength(), c.memoryKib(), c.passes(), c.lanes()), c.toString());
        }
    }

    @Test
    void whenTheServiceHashesAtItsParametersThenTheBuildForThisCpuGivesTheYardsticksTag() throws Exception {
        assumeTrue(builtAndRunnable(), "libargon2 built for x86-64-v3 and a CPU with AVX2");
        byte[] password = "correct horse battery staple".getBytes();
        byte[] salt = "somesaltsomesalt".getBytes();
        byte[] tag = LibArgon2.hash(Argon2id.ARGON2ID, Argon2id.VERSION_13, password, salt, 32, 19456, 2, 1);
        // ../shared/tools/argon2-yardstick prints the first bytes of this tag.
        assertTrue(HexFormat.of().formatHex(tag).startsWith("2123bb924bc5ce1d"));
        assertArrayEquals(LibArgon2.hashPortable(Argon2id.ARGON2ID, Argon2id.VERSION_13, password, salt, 32, 19456,
                2, 1), tag);
    }
}
