package dev.identity.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OpenAPI document as front-end teams use it (clients/typescript): Spectral lints it, openapi-typescript
 * generates a client from it that must compile, and a Node script drives the packaged service through that
 * client: sign-in, a whole recovery with the code read from the mail, a reset on behalf. Needs Node.js 20 or
 * later and npm on the PATH, and the npm registry for {@code npm ci}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TypeScriptClientIT {

    private static final Path CLIENT = Path.of("clients", "typescript").toAbsolutePath();
    /** Written at build time by quarkus.smallrye-openapi.store-schema-directory. */
    private static final Path DOCUMENT = Path.of("target", "openapi", "openapi.yaml").toAbsolutePath();
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);

    private static SharedPostgres db;
    private static ServiceInstance service;

    @BeforeAll
    static void install() throws Exception {
        if (!Files.isRegularFile(DOCUMENT)) {
            throw new AssertionError(DOCUMENT + " is missing: it is written when the service is packaged");
        }
        run("npm-ci", Map.of(), "npm", "ci");
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void whenSpectralLintsTheOpenApiDocumentThenItFindsNoErrorOrWarning() throws Exception {
        run("spectral", Map.of(), "npm", "run", "lint:openapi");
    }

    @Test
    @Order(2)
    void whenOpenapiTypescriptGeneratesAClientThenItCompiles() throws Exception {
        run("build", Map.of(), "npm", "run", "build");
    }

    @Test
    @Order(3)
    void whenANodeScriptUsesTheClientThenSignInRecoveryAndAnOnBehalfResetComplete() throws Exception {
        db = new SharedPostgres();
        int mailbox = Ports.free();
        service = new ServiceInstance("typescript-client", db.jdbcUrl(), mailbox, Map.of());
        service.start();
        run("e2e", Map.of("IDENTITY_URL", service.url(), "IDENTITY_OPERATOR_TOKEN", ServiceInstance.OPERATOR,
                "MAILBOX_PORT", String.valueOf(mailbox)), "node", "dist/src/e2e.js");
    }

    /** Runs a command in clients/typescript; its output goes to target/fleet-logs/typescript-{name}.log. */
    private static void run(String name, Map<String, String> environment, String... command) throws Exception {
        Path log = Path.of("target", "fleet-logs", "typescript-" + name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(CLIENT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("OPENAPI_DOCUMENT", DOCUMENT.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " could not be started (" + e.getMessage() + "): the client tests "
                    + "need Node.js 20 or later and npm on the PATH", e);
        }
        if (!process.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over " + NPM_TIMEOUT + "; see " + log);
        }
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed; " + log + ":\n"
                + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
