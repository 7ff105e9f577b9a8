package dev.identity.recovery;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.code;
import static dev.identity.support.Recovery.text;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 4.5: limits per account, per client address and per tenant on sign-in, recovery-start and verify,
 * kept in PostgreSQL; and the optional link in the code mail (DESIGN.md 6), which needs configuration too.
 */
@QuarkusTest
@TestProfile(RateLimitTest.NarrowLimits.class)
class RateLimitTest {

    /** Small limits, and a recovery link template. */
    public static final class NarrowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("identity.rate-limit.sign-in.per-account", "3/1h"),
                    Map.entry("identity.rate-limit.sign-in.per-address", "1000/1h"),
                    Map.entry("identity.rate-limit.sign-in.per-tenant", "1000/1h"),
                    Map.entry("identity.rate-limit.recovery-start.per-account", "2/1h"),
                    Map.entry("identity.rate-limit.recovery-start.per-address", "4/1h"),
                    Map.entry("identity.rate-limit.recovery-start.per-tenant", "6/1h"),
                    Map.entry("identity.rate-limit.verify.per-account", "3/1h"),
                    Map.entry("identity.rate-limit.verify.per-address", "1000/1h"),
                    Map.entry("identity.rate-limit.verify.per-tenant", "1000/1h"),
                    Map.entry("identity.recovery.link-template",
                            "https://portal.example/recover?flow={flowId}&code={code}"));
        }
    }

    @Inject
    Db db;

    private static String newAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static ValidatableResponse start(String from, String domain, String userName) {
        return given().contentType("application/json").header("X-Forwarded-For", from)
                .body(Map.of("userName", userName)).post("/api/v1/tenants/" + domain + "/recovery").then();
    }

    private static ValidatableResponse signIn(String from, String domain, String userName, String password) {
        return given().contentType("application/json").header("X-Forwarded-For", from)
                .body(Map.of("userName", userName, "password", password))
                .post("/api/v1/tenants/" + domain + "/sign-in").then();
    }

    private static ValidatableResponse verify(String from, String flowId, String code) {
        return given().contentType("application/json").header("X-Forwarded-For", from)
                .body(Map.of("method", "email", "code", code)).post("/api/v1/recovery/" + flowId + "/verify").then();
    }

    @Test
    void whenOneAccountSignsInTooOftenThenSignInIs429WithRetryAfterAndOtherAccountsAreNotHeld() {
        String domain = newTenant();
        newUser(domain, "target", GOOD_PASSWORD);
        String from = newAddress();
        for (int i = 0; i < 3; i++) {
            signIn(from, domain, "target@" + domain, "Wrong-Password-Guess-" + i).statusCode(401);
        }
        assertProblem(signIn(from, domain, "target@" + domain, GOOD_PASSWORD), 429, "rate-limited")
                .header("Retry-After", notNullValue());
        signIn(from, domain, "other@" + domain, "Wrong-Password-Guess-9").statusCode(401);
    }

    @Test
    void whenOneAccountStartsRecoveryTooOftenThen429ComesAfterTheSameCountWhetherOrNotItExists() {
        String domain = newTenant();
        newUser(domain, "exists", GOOD_PASSWORD);
        for (String user : new String[] {"exists@" + domain, "ghost@" + domain}) {
            String from = newAddress();
            start(from, domain, user).statusCode(202);
            start(from, domain, user).statusCode(202);
            assertProblem(start(newAddress(), domain, user), 429, "rate-limited")
                    .header("Retry-After", notNullValue());
        }
    }

    @Test
    void whenOneClientAddressStartsTooManyRecoveriesThenItIs429AndAnotherAddressIsNotHeld() {
        String domain = newTenant();
        String from = newAddress();
        for (int i = 0; i < 4; i++) {
            start(from, domain, "user" + i + "@" + domain).statusCode(202);
        }
        assertProblem(start(from, domain, "user9@" + domain), 429, "rate-limited");
        start(newAddress(), domain, "user9@" + domain).statusCode(202);
    }

    @Test
    void whenOneTenantGetsTooManyRecoveriesThenItIs429AndOtherTenantsAreNotHeld() {
        String domain = newTenant();
        for (int i = 0; i < 6; i++) {
            start(newAddress(), domain, "many" + i + "@" + domain).statusCode(202);
        }
        assertProblem(start(newAddress(), domain, "many9@" + domain), 429, "rate-limited");
        start(newAddress(), newTenant(), "many9@x.example").statusCode(202);
    }

    @Test
    void whenOneAccountVerifiesTooOftenThenVerifyIs429AcrossItsFlows() {
        String domain = newTenant();
        newUser(domain, "guessed", GOOD_PASSWORD);
        String first = start(newAddress(), domain, "guessed@" + domain).statusCode(202).extract().path("flowId");
        String from = newAddress();
        verify(from, first, "00000000").statusCode(400);
        verify(from, first, "00000001").statusCode(400);
        String second = start(newAddress(), domain, "guessed@" + domain).statusCode(202).extract().path("flowId");
        verify(from, second, "00000002").statusCode(400);
        assertProblem(verify(newAddress(), second, "00000003"), 429, "rate-limited").header("Retry-After", notNullValue());
    }

    @Test
    void whenLimitsAreCountedThenTheyLiveInPostgreSqlUnderKeyedIdsHoldingNoNameOrAddress() {
        String domain = newTenant();
        String from = newAddress();
        start(from, domain, "stored@" + domain).statusCode(202);
        long buckets = ((Number) db.single("select count(*) from rate_limit_bucket")).longValue();
        assertTrue(buckets >= 3, "one bucket per scope at least");
        String dump = String.valueOf(db.single("select string_agg(id::text || encode(state, 'escape'), ',') from rate_limit_bucket"));
        assertTrue(!dump.contains("stored@") && !dump.contains(from), "no user name or address in the table");
    }

    @Test
    void whenARecoveryLinkTemplateIsSetThenTheCodeMailCarriesTheLinkWithFlowAndCode() {
        String domain = newTenant();
        newUser(domain, "linked", GOOD_PASSWORD);
        String flow = start(newAddress(), domain, "linked@" + domain).statusCode(202).extract().path("flowId");
        String code = code("linked@" + domain, 1);
        String body = text(GreenMailResource.await("linked@" + domain, 1, Duration.ofSeconds(10)).get(0));
        assertTrue(body.contains("https://portal.example/recover?flow=" + flow + "&code=" + code), body);
        assertEquals(1, GreenMailResource.to("linked@" + domain).size());
    }
}
