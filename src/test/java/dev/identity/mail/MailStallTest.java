package dev.identity.mail;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.userBody;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 6: a relay that accepts and then says nothing, keeping its sockets open, holds no mail for good. While it
 * lasts, the outbox gauges and the {@code mail} health check (in /q/health, DOWN past the stall threshold) say so,
 * readiness stays UP (the API serves); once a healthy relay answers at the same address the mail goes out once.
 */
@QuarkusTest
@TestProfile(MailStallTest.ShortThreshold.class)
class MailStallTest {

    public static final class ShortThreshold implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.mail.stall-threshold", "3s", "identity.mail.step-timeout", "2s");
        }
    }

    @Inject
    Db db;

    private static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private static String mailCheck(JsonPath health) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> "mail".equals(c.get("name"))).map(c -> (String) c.get("status"))
                .findFirst().orElse("absent");
    }

    @Test
    void whenTheRelayGoesSilentWithItsSocketsOpenThenHealthSaysSoReadinessStaysUpAndTheMailGoesOutOnceItIsBack()
            throws Exception {
        String domain = newTenant();
        Map<String, Object> body = userBody(domain, "waiting");
        body.put("password", GOOD_PASSWORD);
        asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then().statusCode(201);
        String address = "waiting@" + domain;
        String token = signIn(domain, "waiting", GOOD_PASSWORD);
        try (AutoCloseable silent = GreenMailResource.silence()) {
            as(token).body(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", OTHER_GOOD_PASSWORD))
                    .post("/api/v1/me/password").then().statusCode(204);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    "DOWN".equals(mailCheck(given().get("/q/health").then().extract().jsonPath())));
            given().get("/q/health").then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health/live").then().statusCode(200);
            assertTrue(metric("identity_mail_outbox_oldest_age_seconds") >= 3, "the age gauge shows the stall");
            assertTrue(metric("identity_mail_outbox_depth") >= 1, "the depth gauge shows the mail waiting");
            assertEquals(0, GreenMailResource.to(address).size());
        }
        // A healthy relay at the same address: the mail goes out, once, and health is UP again.
        List<MimeMessage> received = GreenMailResource.await(address, 1, Duration.ofSeconds(60));
        assertEquals(1, received.size());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                "UP".equals(mailCheck(given().get("/q/health").then().extract().jsonPath())));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> GreenMailResource.to(address).size() == 1);
    }
}
