package dev.identity.bench;

import dev.identity.credential.Argon2id;
import java.util.Locale;

/**
 * One round of bench/argon2-yardstick.sh: the service's {@link Argon2id} times {@code hashes} hashes on one thread,
 * as the yardstick's programs do, after {@code warm-up} untimed ones (the first hashes of the vectorised
 * implementation run before C2 has compiled it). Run in a JVM that stays up, between the yardstick's programs, so
 * that each comparison is a few seconds apart.
 *
 * <p>Arguments: memory KiB, passes, hashes per round, rounds, warm-up hashes. Reads a line on standard input before
 * each round and prints, per round, {@code mean <ms> best <ms>}; first {@code implementation <what>}.
 */
public final class HashRound {

    private HashRound() {
    }

    public static void main(String[] args) throws Exception {
        Argon2id argon2 = new Argon2id(Integer.parseInt(args[0]), Integer.parseInt(args[1]), 1);
        int hashes = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        for (int i = 0; i < Integer.parseInt(args[4]); i++) {
            argon2.hash("correct horse battery staple");
        }
        System.out.println("implementation " + Argon2id.implementation());
        System.out.flush();
        for (int round = 0; round < rounds; round++) {
            if (System.in.read() < 0) {
                return;
            }
            while (System.in.available() > 0) {
                System.in.read();
            }
            double total = 0;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < hashes; i++) {
                long start = System.nanoTime();
                argon2.hash("correct horse battery staple");
                double ms = (System.nanoTime() - start) / 1e6;
                total += ms;
                best = Math.min(best, ms);
            }
            System.out.printf(Locale.ROOT, "mean %.2f best %.2f%n", total / hashes, best);
            System.out.flush();
        }
    }
}
