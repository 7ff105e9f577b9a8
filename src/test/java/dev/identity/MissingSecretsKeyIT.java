package dev.identity;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 7: authenticator seeds are sealed under IDENTITY_SECRETS_KEY, which is generated for dev and test
 * only. The packaged application (prod profile) without the key refuses to start, and says why.
 */
class MissingSecretsKeyIT {

    @Test
    void whenThePackagedServiceStartsWithoutASecretsKeyThenItRefusesToStartAndNamesTheSetting() throws Exception {
        Path data = Files.createTempDirectory("identity-nokey");
        Path log = data.resolve("service.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("IDENTITY_SECRETS_KEY");
        builder.environment().put("IDENTITY_OPERATOR_TOKEN", "nokey-operator-token");
        builder.environment().put("IDENTITY_EMBEDDED_DB_DIR", data.resolve("pg").toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the service should stop by itself");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertNotEquals(0, process.exitValue(), output);
            assertTrue(output.contains("IDENTITY_SECRETS_KEY is required"), output);
        } finally {
            process.destroyForcibly();
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
