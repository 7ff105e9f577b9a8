package dev.identity.bench;

import dev.identity.credential.Argon2id;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What share of the hash-bound limit a process that does nothing but hash reaches with every core hashing at
 * once: the ceiling for any service on this machine. With all cores hashing, each hash takes longer than alone
 * (the cores share the last-level cache and the memory bus, and 19 MiB per hash fill a shared cache quickly),
 * so cores / (time alone) is out of reach even of a service with no overhead at all.
 *
 * <p>Measured in alternating rounds in one JVM, a few hashes on one thread and then the same on every core at
 * once, by {@link Argon2id} with the parameters given: the two kinds of round are a second apart, so the drift
 * of a shared virtual machine (this one's hash time moves by a third within minutes) falls out of each round's
 * ratio, and the median over the rounds is the share. JMH's one- and all-core runs, minutes apart, cannot give
 * this ratio reliably on such a machine.
 *
 * <p>Arguments: memory KiB, iterations, parallelism, rounds. Prints, per operation, one line
 * {@code SHARE <op> <median ratio> <lower quartile> <upper quartile> <median ms alone> <median ms all cores>}.
 */
public final class AllCoresShare {

    private static final String PASSWORD = "Violet-Harbor-Lantern-42";
    private static final int PER_ROUND = 5;

    private AllCoresShare() {
    }

    public static void main(String[] args) throws Exception {
        Argon2id argon2 = new Argon2id(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        int rounds = Integer.parseInt(args[3]);
        int cores = Runtime.getRuntime().availableProcessors();
        String stored = argon2.hash(PASSWORD);
        // One thread of its own hashes alone, as JMH's one-thread run does; the pool hashes on every core.
        ExecutorService single = Executors.newSingleThreadExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            report("verify", single, pool, cores, rounds, () -> argon2.verify(PASSWORD, stored));
            report("hash", single, pool, cores, rounds, () -> argon2.hash(PASSWORD));
        } finally {
            single.shutdownNow();
            pool.shutdownNow();
        }
    }

    private static void report(String op, ExecutorService single, ExecutorService pool, int cores, int rounds,
            Callable<?> work) throws Exception {
        Callable<Long> loop = () -> {
            long start = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                work.call();
            }
            return System.nanoTime() - start;
        };
        // Warm-up: every thread gets its hash memory, and the code is compiled.
        single.submit(loop).get();
        runOnAll(pool, cores, loop);
        List<Double> ratios = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        List<Double> together = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double one = single.submit(loop).get() / 1e6 / PER_ROUND;
            double all = runOnAll(pool, cores, loop) / 1e6 / PER_ROUND;
            alone.add(one);
            together.add(all);
            ratios.add(one / all);
        }
        System.out.printf(Locale.ROOT, "SHARE %s %.3f %.3f %.3f %.2f %.2f%n", op, quantile(ratios, 0.5),
                quantile(ratios, 0.25), quantile(ratios, 0.75), quantile(alone, 0.5), quantile(together, 0.5));
    }

    /** The mean time of the loop on each of {@code cores} threads running at once. */
    private static double runOnAll(ExecutorService pool, int cores, Callable<Long> loop) throws Exception {
        List<Future<Long>> runs = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            runs.add(pool.submit(loop));
        }
        long sum = 0;
        for (Future<Long> run : runs) {
            sum += run.get();
        }
        return (double) sum / cores;
    }

    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.round(q * (sorted.size() - 1)));
    }
}
