package dev.identity.bench;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
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
 * The same hash as {@link Argon2Hash} by a pure-Java implementation (password4j), which the service used
 * before: kept to show why it moved (docs/benchmarks.md). Each hash allocates about 100 MB of heap; on every
 * core at once with a heap small enough for the service's memory target, collection costs more than hashing.
 * Run: {@code java -jar target/benchmarks.jar Password4jArgon2Hash -t 2 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class Password4jArgon2Hash {

    @Param("19456")
    int memoryKib;

    @Param("2")
    int iterations;

    @Param("1")
    int parallelism;

    private Argon2Function argon2;
    private String stored;

    @Setup
    public void setUp() {
        argon2 = Argon2Function.getInstance(memoryKib, iterations, parallelism, 32, Argon2.ID,
                Argon2Function.ARGON2_VERSION_13);
        stored = Password.hash("Violet-Harbor-Lantern-42").addRandomSalt(16).with(argon2).getResult();
    }

    /** What setting a password costs: recovery reset, on-behalf reset, password change. */
    @Benchmark
    public String hash() {
        return Password.hash("Violet-Harbor-Lantern-42").addRandomSalt(16).with(argon2).getResult();
    }

    /** What a sign-in costs (and the reused-password check of a reset). */
    @Benchmark
    public boolean verify() {
        return Password.check("Violet-Harbor-Lantern-42", stored).with(argon2);
    }
}
