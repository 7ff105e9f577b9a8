package dev.identity.fleet;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One process of the packaged service ({@code java -jar target/quarkus-app/quarkus-run.jar}, prod profile) on
 * 127.0.0.1, against a shared PostgreSQL and SMTP server. It can be stopped, killed with SIGKILL and started
 * again on the same port; its output goes to {@code target/fleet-logs/<name>.log}.
 */
final class ServiceInstance implements AutoCloseable {

    static final String OPERATOR = "fleet-operator-token";
    /** Every instance of a fleet shares the key, as they must: what one seals, another opens. */
    static final String SECRETS_KEY = Base64.getEncoder().encodeToString(randomKey());

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Map<String, String> environment = new HashMap<>();
    private final Path log;
    private Process process;

    /**
     * @param settings extra environment (rate limits, for instance) over the fleet's defaults
     */
    ServiceInstance(String name, String jdbcUrl, int smtpPort, Map<String, String> settings) throws IOException {
        this.name = name;
        this.port = Ports.free();
        this.managementPort = Ports.free();
        Path logs = Path.of("target", "fleet-logs");
        Files.createDirectories(logs);
        this.log = logs.resolve(name + ".log");
        Files.deleteIfExists(log);
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // The packaged service serves health and metrics on its management interface only.
        environment.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        environment.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        environment.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        environment.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        environment.put("QUARKUS_MAILER_PORT", String.valueOf(smtpPort));
        environment.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        environment.put("QUARKUS_MAILER_TLS", "false");
        environment.put("IDENTITY_MAIL_DISPATCH_EVERY", "1s");
        environment.put("IDENTITY_MAIL_SEND_TIMEOUT", "5s");
        // A killed instance's claimed mail waits for its lease: short here (raised to the 25 s the send timeout needs).
        environment.put("IDENTITY_MAIL_LEASE", "20s");
        environment.put("IDENTITY_OPERATOR_TOKEN", OPERATOR);
        environment.put("IDENTITY_SECRETS_KEY", SECRETS_KEY);
        environment.put("IDENTITY_SUPPORT_CONTACT", "support@fleet.test");
        // Every request of a test comes from 127.0.0.1, which is trusted to name the client in X-Forwarded-For:
        // limits are wide unless the test narrows them.
        environment.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        environment.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        environment.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1");
        for (String endpoint : List.of("SIGN_IN", "RECOVERY_START", "VERIFY", "CREDENTIAL_CHECKS")) {
            environment.put("IDENTITY_RATE_LIMIT_" + endpoint + "_PER_ADDRESS", "100000/1m");
        }
        for (String endpoint : List.of("SIGN_IN", "RECOVERY_START", "VERIFY")) {
            environment.put("IDENTITY_RATE_LIMIT_" + endpoint + "_PER_TENANT", "100000/1m");
        }
        environment.put("IDENTITY_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "1000/1m");
        environment.put("IDENTITY_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT", "100000/1d");
        environment.put("IDENTITY_RATE_LIMIT_RECOVERY_START_MAILS_PER_ACCOUNT_AND_ADDRESS", "1000/1m");
        environment.put("IDENTITY_RATE_LIMIT_RECOVERY_START_MAILS_PER_ACCOUNT", "100000/1d");
        environment.put("IDENTITY_RATE_LIMIT_CREDENTIAL_CHECKS_PER_USER", "1000/1m");
        environment.put("IDENTITY_HASHING_CALLER_SHARE", "1000");
        environment.putAll(settings);
    }

    String name() {
        return name;
    }

    /** Launches the process without waiting for it to be ready. */
    synchronized void launch() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx192m",
                "-XX:TieredStopAtLevel=1", "-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Launches and waits until readiness answers UP. */
    void start() throws IOException {
        launch();
        awaitReady(Duration.ofSeconds(120));
    }

    void awaitReady(Duration timeout) {
        Awaitility.await(name + " ready (see " + log + ")").pollInterval(Duration.ofMillis(200)).atMost(timeout)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    return readiness() == 200;
                });
    }

    /** The status of {@code GET /q/health/ready} on the management interface, or -1 when nothing answers. */
    int readiness() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits for the process to end by itself; its exit code, or an AssertionError when it is still running. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** Sends the process a signal by name (STOP freezes it, CONT lets it run again, as a long pause would). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed for " + this.name);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, open transactions are cut. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL");
        }
    }

    /** SIGTERM, waiting for the graceful shutdown. */
    synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    int port() {
        return port;
    }

    /** A RestAssured request to this instance's management interface (health, metrics). */
    RequestSpecification operations() {
        return given().baseUri("http://127.0.0.1").port(managementPort);
    }

    /** A RestAssured request to this instance. */
    RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(port).contentType(ContentType.JSON);
    }

    RequestSpecification asOperator() {
        return api().auth().oauth2(OPERATOR);
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }


    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }
}
