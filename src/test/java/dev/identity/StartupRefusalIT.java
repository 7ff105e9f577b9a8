package dev.identity;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (prod profile) refuses to start on a setting it cannot work with, and says which:
 * rather than starting and failing requests later.
 */
class StartupRefusalIT {

    /**
     * DESIGN.md 7: authenticator seeds are sealed under IDENTITY_SECRETS_KEY, which is generated for dev and test
     * only.
     */
    @Test
    void whenThePackagedServiceStartsWithoutASecretsKeyThenItRefusesToStartAndNamesTheSetting() throws Exception {
        assertRefusesToStart(Map.of(), "IDENTITY_SECRETS_KEY is required");
    }

    /** DESIGN.md 4.5: limits are configurable; one written wrongly stops the start, not every sign-in after it. */
    @Test
    void whenALimitIsWrittenWronglyThenTheServiceRefusesToStartAndNamesTheSetting() throws Exception {
        assertRefusesToStart(Map.of("IDENTITY_SECRETS_KEY", Base64.getEncoder().encodeToString(new byte[32]),
                "IDENTITY_RATE_LIMIT_SIGN_IN_PER_ADDRESS", "1000000000/1m"),
                "identity.rate-limit.sign-in.per-address must look like 5/15m");
    }

    private static void assertRefusesToStart(Map<String, String> settings, String said) throws Exception {
        Path data = Files.createTempDirectory("identity-refused");
        Path log = data.resolve("service.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("IDENTITY_SECRETS_KEY");
        builder.environment().put("IDENTITY_OPERATOR_TOKEN", "refused-operator-token");
        builder.environment().put("IDENTITY_EMBEDDED_DB_DIR", data.resolve("pg").toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        builder.environment().putAll(settings);
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the service should stop by itself");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertNotEquals(0, process.exitValue(), output);
            assertTrue(output.contains(said), output);
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
