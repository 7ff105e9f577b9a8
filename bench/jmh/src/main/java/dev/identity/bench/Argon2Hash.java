package dev.identity.bench;

import dev.identity.credential.Argon2id;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Argon2id hash and one verification by the service's own {@link Argon2id} (libargon2, the reference C
 * implementation: 16-byte random salt, 32-byte output, version 1.3), with the parameters the service is
 * configured with: bench/run.sh passes {@code IDENTITY_HASHING_MEMORY_KIB}, {@code _ITERATIONS} and
 * {@code _PARALLELISM} when they are set, else the service's defaults below apply.
 *
 * <p>Run on one thread this gives the time of one hash, and so the hash-bound limit: cores / that time. Run on
 * every core at once it shows what the cores' shared caches and memory leave of that limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class Argon2Hash {

    @Param("19456")
    int memoryKib;

    @Param("2")
    int iterations;

    @Param("1")
    int parallelism;

    private Argon2id argon2;
    private String stored;

    @Setup
    public void setUp() {
        argon2 = new Argon2id(memoryKib, iterations, parallelism);
        stored = hash();
    }

    /** What setting a password costs: recovery reset, on-behalf reset, password change. */
    @Benchmark
    public String hash() {
        return argon2.hash("Violet-Harbor-Lantern-42");
    }

    /** What a sign-in costs (and the reused-password check of a reset). */
    @Benchmark
    public boolean verify() {
        return argon2.verify("Violet-Harbor-Lantern-42", stored);
    }
}
