package dev.identity.credential;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 5: hashing runs on a bounded pool; a full queue answers 503 service-busy, not a crash. */
@QuarkusTest
@TestProfile(HashingPoolTest.TinyPool.class)
class HashingPoolTest {

    /** One hashing thread and one waiting place. */
    public static final class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.hashing.pool-size", "1", "identity.hashing.queue-capacity", "1");
        }
    }

    @Test
    void whenTheHashQueueIsFullThenServiceBusyWithRetryAfterAndTheRestSucceed() throws Exception {
        String domain = newTenant();
        newUser(domain, "busy", GOOD_PASSWORD);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                // Each from an address of its own: one address may hold only its share of the pool (DESIGN.md 4.6).
                String from = "10.77." + (i / 200) + "." + (i % 200 + 1);
                answers.add(clients.submit(() -> given().contentType("application/json").header("X-Forwarded-For", from)
                        .body(Map.of("userName", "busy@" + domain, "password", GOOD_PASSWORD))
                        .post("/api/v1/tenants/" + domain + "/sign-in").then().extract()));
            }
            int ok = 0;
            int busy = 0;
            for (var answer : answers) {
                ExtractableResponse<Response> response = answer.get();
                if (response.statusCode() == 200) {
                    ok++;
                } else {
                    assertTrue(response.statusCode() == 503, "only 200 or 503, got " + response.statusCode());
                    assertTrue(response.contentType().startsWith("application/problem+json"));
                    assertTrue(response.<String>path("type").endsWith("/problems/service-busy"));
                    assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1);
                    busy++;
                }
            }
            assertTrue(ok >= 1, "some sign-ins get through");
            assertTrue(busy >= 1, "some sign-ins are told the service is busy");
        } finally {
            clients.shutdownNow();
        }
    }
}
