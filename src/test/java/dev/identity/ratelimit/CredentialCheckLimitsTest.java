package dev.identity.ratelimit;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Concurrently;
import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import dev.identity.support.Recovery;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 4.6: work that costs a hash is shared fairly. One hashing thread and four waiting places, of which a
 * caller may hold two: a flood from one user or one address is refused with 429 and leaves room for the others.
 */
@QuarkusTest
@TestProfile(CredentialCheckLimitsTest.SmallPool.class)
class CredentialCheckLimitsTest {

    public static final class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.hashing.pool-size", "1", "identity.hashing.queue-capacity", "4",
                    "identity.hashing.caller-share", "2",
                    "identity.rate-limit.credential-checks.per-user", "30/1h");
        }
    }

    /** Passes as the current password's companion, but breaks the policy: each request costs exactly one hash. */
    private static final String TOO_SHORT = "short";

    @Inject
    Db db;

    private static ValidatableResponse changePassword(String token, String from, String current, String next) {
        return as(token).header("X-Forwarded-For", from)
                .body(Map.of("currentPassword", current, "newPassword", next)).post("/api/v1/me/password").then();
    }

    private static String signIn(String domain, String localPart, String from) {
        return given().contentType("application/json").header("X-Forwarded-For", from)
                .body(Map.of("userName", localPart + "@" + domain, "password", GOOD_PASSWORD))
                .post("/api/v1/tenants/" + domain + "/sign-in").then().statusCode(200).extract().path("accessToken");
    }

    private static int signInStatus(String domain, String localPart, String from) {
        return given().contentType("application/json").header("X-Forwarded-For", from)
                .body(Map.of("userName", localPart + "@" + domain, "password", GOOD_PASSWORD))
                .post("/api/v1/tenants/" + domain + "/sign-in").then().extract().statusCode();
    }

    /** Three victims, each signing in twice in turn, from addresses of their own, while the flood runs. */
    private static List<Callable<Integer[]>> victims(String domain) {
        List<Callable<Integer[]>> tasks = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            tasks.add(() -> new Integer[] {0, signInStatus(domain, "victim", RateLimitTest.newAddress()),
                    signInStatus(domain, "victim", RateLimitTest.newAddress())});
        }
        return tasks;
    }

    private static void assertVictimsSignedInAndFloodWasRefused(List<Integer[]> results, int floodOk) {
        int refused = 0;
        for (Integer[] result : results) {
            if (result[0] == 0) {
                assertEquals(200, result[1], "a victim's sign-in");
                assertEquals(200, result[2], "a victim's sign-in");
            } else {
                // 401: parallel requests of one session past the five it may have in flight (MeService).
                assertTrue(result[1] == floodOk || result[1] == 429 || result[1] == 401, "the flood got " + result[1]);
                refused += result[1] == 429 ? 1 : 0;
            }
        }
        assertTrue(refused > 0, "some of the flood was refused");
    }

    @Test
    void whenOneUserFloodsPasswordChangesThenTheyAre429AndOtherUsersSignInsAreNot503() throws Exception {
        String domain = newTenant();
        newUser(domain, "flooder", GOOD_PASSWORD);
        newUser(domain, "victim", GOOD_PASSWORD);
        String token = signIn(domain, "flooder", RateLimitTest.newAddress());
        List<Callable<Integer[]>> tasks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tasks.add(() -> new Integer[] {1,
                    changePassword(token, RateLimitTest.newAddress(), GOOD_PASSWORD, TOO_SHORT).extract().statusCode()});
        }
        tasks.addAll(victims(domain));
        assertVictimsSignedInAndFloodWasRefused(Concurrently.run(tasks.size(), tasks), 422);
        assertTrue(((Number) db.single("select count(*) from audit_event where type = 'rate-limited' "
                + "and reason = 'hash-share-per-user'")).longValue() > 0);
    }

    @Test
    void whenOneAddressFloodsSignInThenItIs429AndOtherAddressesSignInsAreNot503() throws Exception {
        String domain = newTenant();
        newUser(domain, "victim", GOOD_PASSWORD);
        String flood = RateLimitTest.newAddress();
        List<Callable<Integer[]>> tasks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String name = "made-up" + i;
            tasks.add(() -> new Integer[] {1, signInStatus(domain, name, flood)});
        }
        tasks.addAll(victims(domain));
        assertVictimsSignedInAndFloodWasRefused(Concurrently.run(tasks.size(), tasks), 401);
    }

    @Test
    void whenFiveWrongCurrentPasswordsComeInARowThenTheSessionIsRevokedAndTheUserIsMailed() throws Exception {
        String domain = newTenant();
        newUser(domain, "stolen", GOOD_PASSWORD);
        String from = RateLimitTest.newAddress();
        String token = signIn(domain, "stolen", from);
        String other = signIn(domain, "stolen", from);
        for (int i = 1; i <= 4; i++) {
            assertProblem(changePassword(token, from, "Guessed-Password-" + i, OTHER_GOOD_PASSWORD), 400,
                    "invalid-request");
        }
        assertProblem(changePassword(token, from, "Guessed-Password-5", OTHER_GOOD_PASSWORD), 401, "unauthorized");
        assertProblem(as(token).get("/api/v1/me").then(), 401, "unauthorized");
        // Only that session: the user's other one goes on, and the password is unchanged.
        as(other).get("/api/v1/me").then().statusCode(200);
        signIn(domain, "stolen", from);
        String subject = GreenMailResource.await("stolen@" + domain, 1, Duration.ofSeconds(20)).get(0).getSubject();
        assertTrue(subject.contains("signed out after wrong passwords"), subject);
        assertEquals(1L, ((Number) db.single("""
                select count(*) from audit_event e join tenant t on t.id = e.tenant_id
                where t.domain = ?1 and e.type = 'session-revoked' and e.reason = 'too-many-wrong-passwords'""",
                domain)).longValue());
    }

    @Test
    void whenWrongCurrentPasswordsComeInParallelThenNoMoreThanFiveAreCompared() throws Exception {
        String domain = newTenant();
        newUser(domain, "raced", GOOD_PASSWORD);
        String token = signIn(domain, "raced", RateLimitTest.newAddress());
        List<Integer> statuses = new ArrayList<>();
        // Sixteen at once (the pool's share refuses some of them, which gives their count back), then one at a
        // time until the session has ended.
        List<Callable<Integer>> guesses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String guess = "Guessed-Password-" + i;
            guesses.add(() -> changePassword(token, RateLimitTest.newAddress(), guess, OTHER_GOOD_PASSWORD)
                    .extract().statusCode());
        }
        statuses.addAll(Concurrently.run(16, guesses));
        for (int i = 0; i < 5 && as(token).get("/api/v1/me").then().extract().statusCode() == 200; i++) {
            statuses.add(changePassword(token, RateLimitTest.newAddress(), "Guessed-Again-" + i, OTHER_GOOD_PASSWORD)
                    .extract().statusCode());
        }
        assertTrue(statuses.contains(401), "the session ended: " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 400 || s == 401 || s == 429), "only 400, 401, 429: " + statuses);
        long compared = ((Number) db.single("""
                select count(*) from audit_event e join tenant t on t.id = e.tenant_id
                where t.domain = ?1 and e.type = 'password-change' and e.reason = 'wrong-current-password'""",
                domain)).longValue();
        assertTrue(compared <= 4, "at most four refused before the fifth revoked the session, got " + compared);
        assertProblem(as(token).get("/api/v1/me").then(), 401, "unauthorized");
    }

    @Test
    void whenARightCurrentPasswordComesBetweenThenTheWrongOnesCountAgainFromNothing() {
        String domain = newTenant();
        newUser(domain, "forgetful", GOOD_PASSWORD);
        String from = RateLimitTest.newAddress();
        String token = signIn(domain, "forgetful", from);
        for (int i = 0; i < 4; i++) {
            changePassword(token, from, "Guessed-Password-" + i, OTHER_GOOD_PASSWORD).statusCode(400);
        }
        assertProblem(changePassword(token, from, GOOD_PASSWORD, TOO_SHORT), 422, "password-policy");
        for (int i = 0; i < 4; i++) {
            changePassword(token, from, "Guessed-Password-" + i, OTHER_GOOD_PASSWORD).statusCode(400);
        }
        as(token).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void whenAUserChecksCredentialsTooOftenThenTheyAre429FromAnyAddress() {
        String domain = newTenant();
        newUser(domain, "busy", GOOD_PASSWORD);
        String token = signIn(domain, "busy", RateLimitTest.newAddress());
        for (int i = 0; i < 30; i++) {
            changePassword(token, RateLimitTest.newAddress(), GOOD_PASSWORD, TOO_SHORT).statusCode(422);
        }
        assertProblem(changePassword(token, RateLimitTest.newAddress(), GOOD_PASSWORD, TOO_SHORT), 429,
                "rate-limited");
    }

    @Test
    void whenASignedInUserChecksCodesTooOftenThenTheyAre429FromAnyAddress() {
        String domain = newTenant();
        newUser(domain, "coder", GOOD_PASSWORD);
        String token = signIn(domain, "coder", RateLimitTest.newAddress());
        as(token).body(Map.of("email", "coder.new@" + domain)).put("/api/v1/me/security-info/email").then()
                .statusCode(202);
        for (int i = 0; i < 30; i++) {
            // Five wrong codes, then the change is locked: each check still takes from the user's bucket.
            int status = as(token).header("X-Forwarded-For", RateLimitTest.newAddress())
                    .body(Map.of("code", String.format("%08d", i))).post("/api/v1/me/security-info/email/verify")
                    .then().extract().statusCode();
            assertTrue(status == 400 || status == 423, "check " + i + ": " + status);
        }
        assertProblem(as(token).header("X-Forwarded-For", RateLimitTest.newAddress())
                .body(Map.of("code", "12345678")).post("/api/v1/me/security-info/email/verify").then(), 429,
                "rate-limited");
    }

    @Test
    void whenARecoveryResetIsTriedTooOftenForOneUserThenItIs429AndTheTokenStillWorks() {
        String domain = newTenant();
        newUser(domain, "resetting", GOOD_PASSWORD);
        String flow = Recovery.start(domain, "resetting@" + domain);
        String resetToken = Recovery.resetToken(flow, Recovery.code("resetting@" + domain, 1));
        for (int i = 0; i < 30; i++) {
            assertProblem(Recovery.reset(flow, resetToken, TOO_SHORT), 422, "password-policy");
        }
        assertProblem(Recovery.reset(flow, resetToken, OTHER_GOOD_PASSWORD), 429, "rate-limited");
        assertTrue(((Number) db.single("""
                select count(*) from audit_event e join tenant t on t.id = e.tenant_id
                where t.domain = ?1 and e.type = 'rate-limited' and e.reason = 'credential-checks-per-user'""",
                domain)).longValue() == 1);
        // The refused reset let its claim go: the token is live for when the bucket has refilled.
        assertEquals("verified/false", db.single("""
                select state || '/' || (reset_claimed_until is not null) from recovery_flow where id = ?1""",
                java.util.UUID.fromString(flow)));
    }
}
