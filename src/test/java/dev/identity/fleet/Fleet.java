package dev.identity.fleet;

import dev.identity.support.Api;
import dev.identity.support.GreenMailResource;
import dev.identity.support.Recovery;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The parts of a fleet test: one shared PostgreSQL, one GreenMail SMTP server, service processes; and the
 * API steps the tests take against a chosen instance.
 */
final class Fleet implements AutoCloseable {

    static final String PASSWORD = "Violet-Harbor-Lantern-42";
    static final String NEW_PASSWORD = "Quiet-Meadow-Copper-77";

    final SharedPostgres db;
    final int smtpPort;
    private final GreenMailResource smtp = new GreenMailResource();
    private final List<ServiceInstance> instances = new ArrayList<>();

    Fleet() throws IOException {
        db = new SharedPostgres();
        smtpPort = Integer.parseInt(smtp.start().get("quarkus.mailer.port"));
    }

    /** Starts instances named a, b, ... with the same settings, all at once, and waits until each is ready. */
    List<ServiceInstance> start(int count, Map<String, String> settings) throws Exception {
        List<ServiceInstance> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServiceInstance instance = new ServiceInstance(caller() + "-" + (char) ('a' + instances.size()),
                    db.jdbcUrl(), smtpPort, settings);
            instances.add(instance);
            started.add(instance);
            instance.launch();
        }
        for (ServiceInstance instance : started) {
            instance.awaitReady(Duration.ofSeconds(120));
        }
        return started;
    }

    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(c -> c.endsWith("IT")).findFirst().map(c -> c.substring(c.lastIndexOf('.') + 1))
                .orElse("fleet"));
    }

    /** A new customer tenant with self-service reset on; returns its domain. */
    static String newTenant(ServiceInstance on) {
        String domain = "f" + UUID.randomUUID().toString().substring(0, 10) + ".example";
        on.asOperator().body(Map.of("domain", domain, "displayName", "Fleet " + domain.substring(1, 5),
                        "kind", "customer", "selfServiceReset", true, "supportContact", "help@" + domain))
                .post("/api/v1/tenants").then().statusCode(201);
        return domain;
    }

    /** A user created by the operator with {@link #PASSWORD}; returns its id. */
    static String newUser(ServiceInstance on, String domain, String localPart, String... roles) {
        Map<String, Object> body = Api.userBody(domain, localPart, roles);
        body.put("password", PASSWORD);
        return on.asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then().statusCode(201)
                .extract().path("id");
    }

    static ValidatableResponse signIn(ServiceInstance on, String domain, String userName, String password) {
        return on.api().body(Map.of("userName", userName, "password", password))
                .post("/api/v1/tenants/" + domain + "/sign-in").then();
    }

    static String token(ServiceInstance on, String domain, String userName, String password) {
        return signIn(on, domain, userName, password).statusCode(200).extract().path("accessToken");
    }

    static ValidatableResponse startRecovery(ServiceInstance on, String domain, String userName) {
        return on.api().body(Map.of("userName", userName)).post("/api/v1/tenants/" + domain + "/recovery").then();
    }

    static ValidatableResponse verify(ServiceInstance on, String flowId, String code) {
        return on.api().body(Map.of("method", "email", "code", code)).post("/api/v1/recovery/" + flowId + "/verify")
                .then();
    }

    static ValidatableResponse reset(ServiceInstance on, String flowId, String resetToken, String newPassword) {
        return on.api().body(Map.of("resetToken", resetToken, "newPassword", newPassword))
                .post("/api/v1/recovery/" + flowId + "/reset").then();
    }

    /** Waits for the n-th mail to the address and returns the code in it. */
    static String code(String address, int n) {
        return Recovery.codeIn(GreenMailResource.await(address, n, Duration.ofSeconds(60)).get(n - 1));
    }

    static int mailsTo(String address) {
        return GreenMailResource.to(address).size();
    }

    void smtpDown() {
        GreenMailResource.stopServer();
    }

    void smtpUp() {
        GreenMailResource.startServer();
    }

    /** Waits until no mail waits in the outbox (sent or given up), failing after the timeout. */
    void awaitOutboxEmpty(Duration timeout) {
        Awaitility.await("no mail waiting in the outbox").pollInterval(Duration.ofMillis(200)).atMost(timeout)
                .until(() -> db.count("select count(*) from mail_outbox where sent_at is null and failed_at is null")
                        == 0);
    }

    @Override
    public void close() throws Exception {
        for (ServiceInstance instance : instances) {
            instance.stop();
        }
        smtp.stop();
        db.close();
    }
}
