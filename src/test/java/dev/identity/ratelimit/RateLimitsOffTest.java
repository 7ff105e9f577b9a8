package dev.identity.ratelimit;

import static dev.identity.support.Api.newTenant;
import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN.md 4.5: IDENTITY_RATE_LIMIT_ENABLED=false turns every limit off (for load tests). */
@QuarkusTest
@TestProfile(RateLimitsOffTest.Off.class)
class RateLimitsOffTest {

    /** The limits of RateLimitTest, switched off. */
    public static final class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.rate-limit.enabled", "false",
                    "identity.rate-limit.recovery-start.per-address", "1/1h",
                    "identity.rate-limit.recovery-start.mails-per-account-and-address", "1/1h",
                    "identity.rate-limit.sign-in.per-address", "1/1h",
                    "identity.rate-limit.sign-in.failures-per-account-and-address", "1/1h");
        }
    }

    @Test
    void whenRateLimitsAreOffThenNoRequestIs429() {
        String domain = newTenant();
        for (int i = 0; i < 10; i++) {
            given().contentType("application/json").body(Map.of("userName", "same@" + domain))
                    .post("/api/v1/tenants/" + domain + "/recovery").then().statusCode(202);
            given().contentType("application/json").body(Map.of("userName", "same@" + domain, "password", "x"))
                    .post("/api/v1/tenants/" + domain + "/sign-in").then().statusCode(401);
        }
    }
}
