package dev.identity.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN.md 6 against a relay that fails as relays do, in front of a healthy one: the packaged service, with mail
 * already flowing, queues a code while the relay is open and silent, never greets, answers a byte a second, or is
 * down for a restart. While the fault lasts, the outbox gauges and the {@code mail} health check report the stall and
 * readiness stays UP; within 60 s of a healthy relay answering at the same address the code is delivered, once; and
 * later mail keeps flowing. The spoilt connections stay open to the end (closing them would prove nothing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailRelayFaultsIT {

    private Fleet fleet;
    private FaultyRelay relay;
    private ServiceInstance service;
    private String domain;
    private int users;

    @BeforeAll
    void start() throws Exception {
        fleet = new Fleet();
        relay = new FaultyRelay(fleet.smtpPort);
        service = new ServiceInstance("mail-relay-faults", fleet.db.jdbcUrl(), relay.port(), Map.of(
                "IDENTITY_MAIL_SEND_TIMEOUT", "5s", "IDENTITY_MAIL_STEP_TIMEOUT", "2s",
                "IDENTITY_MAIL_STALL_THRESHOLD", "3s"));
        service.start();
        domain = Fleet.newTenant(service);
    }

    @AfterAll
    void stop() throws Exception {
        service.stop();
        relay.close();
        fleet.close();
    }

    private String user() {
        String local = "mail" + users++;
        Fleet.newUser(service, domain, local);
        return local + "@" + domain;
    }

    private String mailCheck() {
        JsonPath health = service.operations().get("/q/health").then().extract().jsonPath();
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> "mail".equals(c.get("name"))).map(c -> (String) c.get("status"))
                .findFirst().orElse("absent");
    }

    private double metric(String name) {
        String metrics = service.operations().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    /** Mail flows; the fault begins; a code is queued; the stall shows; the relay heals; the code arrives once. */
    private void survives(ThrowingRunnable fault, ThrowingRunnable heal) throws Exception {
        String before = user();
        Fleet.startRecovery(service, domain, before).statusCode(202);
        Fleet.code(before, 1);

        fault.run();
        String during = user();
        try {
            Fleet.startRecovery(service, domain, during).statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "DOWN".equals(mailCheck()));
            assertEquals(200, service.readiness(), "readiness stays UP while mail waits");
            // The gauges are refreshed by the dispatcher's tick, once a second.
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() ->
                    metric("identity_mail_outbox_depth") >= 1 && metric("identity_mail_outbox_oldest_age_seconds") >= 3);
            assertEquals(0, Fleet.mailsTo(during));
        } finally {
            heal.run(); // whatever failed above, the next test gets a healthy relay
        }
        long healed = System.nanoTime();
        Fleet.code(during, 1);
        assertTrue(System.nanoTime() - healed < Duration.ofSeconds(60).toNanos(), "delivered within 60 s");

        String after = user();
        Fleet.startRecovery(service, domain, after).statusCode(202);
        Fleet.code(after, 1);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "UP".equals(mailCheck()));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                Fleet.mailsTo(before) == 1 && Fleet.mailsTo(during) == 1 && Fleet.mailsTo(after) == 1);
    }

    @Test
    void whenTheRelayGoesSilentWithItsConnectionsOpenThenTheCodeIsDeliveredOnceAfterItHeals() throws Exception {
        survives(relay::silent, relay::heal);
    }

    @Test
    void whenTheRelayNeverSendsItsGreetingThenTheCodeIsDeliveredOnceAfterItHeals() throws Exception {
        survives(relay::noGreeting, relay::heal);
    }

    @Test
    void whenTheRelayAnswersOneByteASecondThenTheCodeIsDeliveredOnceAfterItHeals() throws Exception {
        survives(relay::slow, relay::heal);
    }

    @Test
    void whenTheRelayRestartsThenTheCodeIsDeliveredOnceAfterItIsBack() throws Exception {
        survives(relay::down, relay::up);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
