package dev.identity.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 5: Argon2id in the standard PHC string form, compatible with other implementations. */
class Argon2idTest {

    /** Argon2id of "Violet-Harbor-Lantern-42", m=4096 KiB, t=1, p=1, made by password4j (pure Java). */
    private static final String FOREIGN =
            "$argon2id$v=19$m=4096,t=1,p=1$of2nZetztEymlBoediuD/g$o6JWpeoT8J+PDU3QUKruitHCeZi3/u6RNQSe3exXXN8";

    private final Argon2id small = new Argon2id(4096, 1, 1);

    @Test
    void whenAHashFromAnotherImplementationIsVerifiedThenOnlyItsPasswordMatches() {
        assertTrue(small.verify("Violet-Harbor-Lantern-42", FOREIGN));
        assertFalse(small.verify("Violet-Harbor-Lantern-43", FOREIGN));
        // Parameters come from the string, not from the instance.
        assertTrue(new Argon2id(19456, 2, 1).verify("Violet-Harbor-Lantern-42", FOREIGN));
    }

    @Test
    void whenAPasswordIsHashedThenItIsAPhcStringWithItsParametersAFreshSaltAndWeakerOnesNeedARehash() {
        String first = small.hash("Ünïcode-pässword-✓");
        String second = small.hash("Ünïcode-pässword-✓");
        assertTrue(first.matches("^\\$argon2id\\$v=19\\$m=4096,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$"), first);
        assertFalse(first.equals(second), "a fresh salt each time");
        assertTrue(small.verify("Ünïcode-pässword-✓", first));
        assertTrue(small.verify("Ünïcode-pässword-✓", second));
        assertFalse(small.verify("Unicode-password-✓", first));
        assertFalse(small.needsRehash(first));
        assertTrue(new Argon2id(8192, 1, 1).needsRehash(first), "less memory than configured");
        assertTrue(new Argon2id(4096, 2, 1).needsRehash(first), "fewer iterations than configured");
    }

    @Test
    void whenLinuxHashesThenTheMemoryStartsOnAHugePageAndIsOfferedToTheKernelForHugePages() throws Exception {
        Path smaps = Path.of("/proc/self/smaps");
        assumeTrue(Files.isReadable(smaps) && Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage")),
                "Linux with transparent huge pages");
        // On a thread of its own, so that its buffer is made for this test (4 MiB: two huge pages).
        Thread hashing = new Thread(() -> {
            assertTrue(small.verify("Violet-Harbor-Lantern-42", FOREIGN), "the known answer, from aligned memory");
            long address = Argon2id.memoryAddress();
            assertEquals(0, address % (2 << 20), "starts on a 2 MiB boundary");
            try {
                // The kernel marks a region given MADV_HUGEPAGE with "hg" in its VmFlags, huge pages or not yet.
                // Whether a mapping starts at the buffer is the kernel's business: it merges the region with a
                // neighbour advised the same way (a buffer of a thread gone, freed, then partly reused).
                List<String> lines = Files.readAllLines(smaps);
                for (long byteOf : new long[] {address, address + (4 << 20) - 1}) {
                    String flags = vmFlagsOfTheMappingHolding(lines, byteOf);
                    assertTrue(flags.contains(" hg"), "the buffer's byte at " + Long.toHexString(byteOf)
                            + " is in a region advised for huge pages: " + flags);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        hashing.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        hashing.start();
        hashing.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    /**
     * DESIGN.md: nothing secret is kept in clear. The hash memory holds blocks derived from the password (the first
     * of them let a guess be checked without the memory-hard work); after each hash it is zeroes again, as libargon2
     * leaves it, whichever implementation ran (here: {@code Argon2id.implementation()}).
     */
    @Test
    void whenAHashIsDoneThenItsMemoryIsWipedWhateverImplementationRan() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread hashing = new Thread(() -> {
            small.hash("Violet-Harbor-Lantern-42");
            long address = Argon2id.memoryAddress();
            assertTrue(address != 0, "the thread has hash memory");
            byte[] memory = new Pointer(address).getByteArray(0, (int) VectorArgon2.bytes(4096, 1));
            int nonZero = 0;
            for (byte b : memory) {
                nonZero += b == 0 ? 0 : 1;
            }
            assertEquals(0, nonZero, "bytes left non-zero after a hash by " + Argon2id.implementation());
        });
        hashing.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        hashing.start();
        hashing.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    /** The VmFlags line of the /proc/self/smaps mapping that holds the address. */
    private static String vmFlagsOfTheMappingHolding(List<String> smaps, long address) {
        for (int i = 0; i < smaps.size(); i++) {
            String[] range = smaps.get(i).split(" ", 2)[0].split("-");
            if (range.length != 2 || !range[0].matches("[0-9a-f]+") || !range[1].matches("[0-9a-f]+")) {
                continue; // not a mapping's first line
            }
            if (Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16)) {
                return smaps.stream().skip(i + 1).filter(l -> l.startsWith("VmFlags:")).findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no mapping holds " + Long.toHexString(address));
    }

    @Test
    void whenTheStoredStringIsMalformedThenNothingMatches() {
        assertFalse(small.verify("x", null));
        assertFalse(small.verify("x", ""));
        assertFalse(small.verify("Violet-Harbor-Lantern-42", FOREIGN.replace("argon2id", "argon2i")));
        assertFalse(small.verify("Violet-Harbor-Lantern-42", FOREIGN.replace("$o6J", "$!6J")));
        assertFalse(small.verify("Violet-Harbor-Lantern-42", "$2a$10$abcdefghijklmnopqrstuv"));
        assertTrue(small.needsRehash("not a hash"));
    }

    @Test
    void whenThreadsHashAtOnceWithDifferentMemoryThenEveryResultIsRight() throws Exception {
        Argon2id larger = new Argon2id(8192, 1, 1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String password = "Password-number-" + i;
                Argon2id argon2 = i % 2 == 0 ? small : larger;
                results.add(pool.submit(() -> argon2.verify(password, argon2.hash(password))
                        && !argon2.verify(password + "!", argon2.hash(password))));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
