package dev.identity.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Run by the Argon2 tests in JVMs of their own: verifies a known hash, then prints what computed it. */
public final class Argon2Probe {

    private Argon2Probe() {
    }

    public static void main(String[] args) {
        String known = "$argon2id$v=19$m=4096,t=1,p=1$of2nZetztEymlBoediuD/g$o6JWpeoT8J+PDU3QUKruitHCeZi3/u6RNQSe3exXXN8";
        if (!new Argon2id(4096, 1, 1).verify("Violet-Harbor-Lantern-42", known)) {
            System.exit(1);
        }
        System.out.println(Argon2id.implementation());
    }

    /** What a fresh JVM with these options (and the tests' class path) hashes with, once it verified a known hash. */
    static String run(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Argon2Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }
}
