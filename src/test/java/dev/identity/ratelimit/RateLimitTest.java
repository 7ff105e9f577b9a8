package dev.identity.ratelimit;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.code;
import static dev.identity.support.Recovery.text;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
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
 * DESIGN.md 4.5: limits stop attackers, never the people they attack. Each client names its address in
 * X-Forwarded-For, as a trusted proxy (127.0.0.1 in tests) would pass it on: {@code from(address)}.
 */
@QuarkusTest
@TestProfile(RateLimitTest.NarrowLimits.class)
class RateLimitTest {

    /** Small limits, and a recovery link template. */
    public static final class NarrowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("identity.rate-limit.sign-in.per-address", "5/1h"),
                    Map.entry("identity.rate-limit.sign-in.per-tenant", "12/1h"),
                    Map.entry("identity.rate-limit.sign-in.failures-per-account-and-address", "3/5m"),
                    Map.entry("identity.rate-limit.sign-in.failures-per-account", "6/1d"),
                    Map.entry("identity.rate-limit.recovery-start.per-address", "5/1h"),
                    Map.entry("identity.rate-limit.recovery-start.per-tenant", "12/1h"),
                    Map.entry("identity.rate-limit.recovery-start.mails-per-account-and-address", "2/1h"),
                    Map.entry("identity.rate-limit.recovery-start.mails-per-account", "4/1d"),
                    Map.entry("identity.rate-limit.verify.per-address", "5/1h"),
                    Map.entry("identity.rate-limit.verify.per-tenant", "12/1h"),
                    Map.entry("identity.recovery.link-template",
                            "https://portal.example/recover?flow={flowId}&code={code}"));
        }
    }

    @Inject
    Db db;

    static String newAddress() {
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

    private long refusals(String domain, String limit) {
        return ((Number) db.single("""
                select count(*) from audit_event e join tenant t on t.id = e.tenant_id
                where t.domain = ?1 and e.type = 'rate-limited' and e.outcome = 'refused' and e.reason = ?2""",
                domain, limit)).longValue();
    }

    // ---- one address never exhausts a tenant ------------------------------------------------------------

    @Test
    void whenOneAddressFloodsSignInThenItIsRefusedAndTheTenantsOtherAddressesStillSignIn() {
        String domain = newTenant();
        newUser(domain, "owner", GOOD_PASSWORD);
        String attacker = newAddress();
        for (int i = 0; i < 30; i++) {
            int status = signIn(attacker, domain, "made-up" + i + "@" + domain, "Wrong-Password-Guess-" + i)
                    .extract().statusCode();
            assertEquals(i < 5 ? 401 : 429, status, "request " + i);
        }
        signIn(newAddress(), domain, "owner@" + domain, GOOD_PASSWORD).statusCode(200);
        assertEquals(25, refusals(domain, "sign-in-per-address"));
    }

    @Test
    void whenOneAddressFloodsRecoveryStartThenTheTenantsOtherAddressesStillStartAndGetTheirCode() {
        String domain = newTenant();
        newUser(domain, "owner", GOOD_PASSWORD);
        String attacker = newAddress();
        for (int i = 0; i < 30; i++) {
            start(attacker, domain, "made-up" + i + "@" + domain).statusCode(i < 5 ? 202 : 429);
        }
        String flow = start(newAddress(), domain, "owner@" + domain).statusCode(202).extract().path("flowId");
        verify(newAddress(), flow, code("owner@" + domain, 1)).statusCode(200).body("status", equalTo("verified"));
    }

    @Test
    void whenOneAddressFloodsVerifyThenTheTenantsOtherAddressesStillVerify() {
        String domain = newTenant();
        newUser(domain, "owner", GOOD_PASSWORD);
        String attacker = newAddress();
        String decoy = start(attacker, domain, "made-up@" + domain).statusCode(202).extract().path("flowId");
        for (int i = 0; i < 30; i++) {
            int status = verify(attacker, decoy, String.format("%08d", i)).extract().statusCode();
            assertTrue(i < 5 ? status == 400 : status == 429, "request " + i + ": " + status);
        }
        String owner = newAddress();
        String flow = start(owner, domain, "owner@" + domain).statusCode(202).extract().path("flowId");
        verify(owner, flow, code("owner@" + domain, 1)).statusCode(200).body("status", equalTo("verified"));
    }

    // ---- sign-in: the smart lockout ----------------------------------------------------------------------

    @Test
    void whenAStrangerGuessesAUsersPasswordThenTheStrangersAddressIsHeldAndTheOwnerStillSignsIn() {
        String domain = newTenant();
        newUser(domain, "target", GOOD_PASSWORD);
        String stranger = newAddress();
        for (int i = 0; i < 3; i++) {
            signIn(stranger, domain, "target@" + domain, "Wrong-Password-Guess-" + i).statusCode(401);
        }
        // Held for this account, even with the right password: the stranger learns nothing more from here.
        assertProblem(signIn(stranger, domain, "target@" + domain, GOOD_PASSWORD), 429, "rate-limited")
                .header("Retry-After", notNullValue());
        signIn(stranger, domain, "someone-else@" + domain, "Wrong-Password-Guess-9").statusCode(401);
        // The owner, from an address the account has never used, is not held back.
        signIn(newAddress(), domain, "target@" + domain, GOOD_PASSWORD).statusCode(200);
        assertEquals(1, refusals(domain, "sign-in-failures-per-account-and-address"));
    }

    /** DESIGN.md 7: reauthentication counts against sign-in's failure limits, and is held by them. */
    @Test
    void whenAStolenSessionGuessesThePasswordAtReauthenticationThenItsAddressIsHeldForSignInAndReauthentication() {
        String domain = newTenant();
        newUser(domain, "robbed", GOOD_PASSWORD);
        String thief = newAddress();
        String token = signIn(thief, domain, "robbed@" + domain, GOOD_PASSWORD).statusCode(200).extract()
                .path("accessToken");
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").header("X-Forwarded-For", thief).auth().oauth2(token)
                    .body(Map.of("password", "Wrong-Password-Guess-" + i)).post("/api/v1/me/reauthenticate").then()
                    .statusCode(401);
        }
        assertProblem(given().contentType("application/json").header("X-Forwarded-For", thief).auth().oauth2(token)
                .body(Map.of("password", GOOD_PASSWORD)).post("/api/v1/me/reauthenticate").then(), 429,
                "rate-limited");
        assertProblem(signIn(thief, domain, "robbed@" + domain, GOOD_PASSWORD), 429, "rate-limited");
        // The owner, elsewhere, signs in and proves the password as ever.
        String owner = newAddress();
        String ownerToken = signIn(owner, domain, "robbed@" + domain, GOOD_PASSWORD).statusCode(200).extract()
                .path("accessToken");
        given().contentType("application/json").header("X-Forwarded-For", owner).auth().oauth2(ownerToken)
                .body(Map.of("password", GOOD_PASSWORD)).post("/api/v1/me/reauthenticate").then().statusCode(204);
        assertEquals(2, refusals(domain, "sign-in-failures-per-account-and-address"));
    }

    @Test
    void whenTheSameWrongPasswordIsSentAgainThenItCountsOnce() {
        String domain = newTenant();
        newUser(domain, "typo", GOOD_PASSWORD);
        String from = newAddress();
        for (int i = 0; i < 3; i++) {
            signIn(from, domain, "typo@" + domain, "Violet-Harbor-Lantern-24").statusCode(401);
        }
        signIn(from, domain, "typo@" + domain, "Violet-Harbor-Lantern-43").statusCode(401);
        // Four wrong passwords, two of them different: under the three this address may get wrong.
        signIn(from, domain, "typo@" + domain, GOOD_PASSWORD).statusCode(200);
    }

    @Test
    void whenWrongPasswordsFromManyAddressesReachTheDailyCeilingThenNewAddressesAreHeldButAFamiliarOneIsNot() {
        String domain = newTenant();
        newUser(domain, "popular", GOOD_PASSWORD);
        String home = newAddress();
        signIn(home, domain, "popular@" + domain, GOOD_PASSWORD).statusCode(200);
        for (int a = 0; a < 3; a++) {
            String stranger = newAddress();
            for (int i = 0; i < 2; i++) {
                signIn(stranger, domain, "popular@" + domain, "Wrong-Guess-" + a + "-" + i).statusCode(401);
            }
        }
        assertProblem(signIn(newAddress(), domain, "popular@" + domain, GOOD_PASSWORD), 429, "rate-limited");
        assertEquals(1, refusals(domain, "sign-in-failures-per-account"));
        signIn(home, domain, "popular@" + domain, GOOD_PASSWORD).statusCode(200);
    }

    // ---- the client address --------------------------------------------------------------------------------

    @Test
    void whenAClientWritesItsOwnForwardedForThenItIsLimitedByTheAddressTheProxyAppended() {
        String domain = newTenant();
        String real = newAddress();
        for (int i = 0; i < 6; i++) {
            String forged = "10.200." + i + ".1";
            int status = signIn(forged + ", " + real, domain, "made-up" + i + "@" + domain, "Wrong-Password-1")
                    .extract().statusCode();
            assertEquals(i < 5 ? 401 : 429, status, "request " + i);
        }
        assertEquals(real, db.single("""
                select e.client_address from audit_event e join tenant t on t.id = e.tenant_id
                where t.domain = ?1 and e.type = 'rate-limited'""", domain));
    }

    @Test
    void whenForwardedForIsNotAnAddressThenTheHopBeforeItIsLimited() {
        String domain = newTenant();
        for (int i = 0; i < 6; i++) {
            String written = i % 2 == 0 ? "x" : "unknown, 10.9.9." + i + ", not-an-address";
            int status = signIn(written, domain, "made-up" + i + "@" + domain, "Wrong-Password-1").extract()
                    .statusCode();
            assertEquals(i < 5 ? 401 : 429, status, "request " + i);
        }
        // The walk ended at the trusted proxy that passed the garbage on: it answers for it, in the audit too.
        assertEquals("127.0.0.1", db.single("""
                select e.client_address from audit_event e join tenant t on t.id = e.tenant_id
                where t.domain = ?1 and e.type = 'rate-limited'""", domain));
    }

    @Test
    void whenIPv6ClientsShareASlash64ThenOneLimitHoldsThemAll() {
        String domain = newTenant();
        String prefix = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":7:";
        for (int i = 0; i < 6; i++) {
            int status = signIn(prefix + Integer.toHexString(i + 1) + "::" + (i + 2), domain,
                    "made-up" + i + "@" + domain, "Wrong-Password-1").extract().statusCode();
            assertEquals(i < 5 ? 401 : 429, status, "request " + i);
        }
        signIn(prefix.replace(":7:", ":8:") + "1::1", domain, "made-up@" + domain, "Wrong-Password-1")
                .statusCode(401);
    }

    // ---- recovery-start: the owner's flow and the code mails ---------------------------------------------------

    @Test
    void whenAStrangerStartsRecoveryForAUserThenTheOwnersFlowFromAnotherAddressStaysLive() {
        String domain = newTenant();
        newUser(domain, "owner", GOOD_PASSWORD);
        String user = "owner@" + domain;
        String owner = newAddress();
        String flow = start(owner, domain, user).statusCode(202).extract().path("flowId");
        String code = code(user, 1);
        String stranger = newAddress();
        start(stranger, domain, user).statusCode(202);
        start(stranger, domain, user).statusCode(202);
        verify(owner, flow, code).statusCode(200).body("status", equalTo("verified"));
    }

    @Test
    void whenCodeMailsFromOneAddressPassTheCapThenStartsAnswer202AndSendNothing() {
        String domain = newTenant();
        newUser(domain, "capped", GOOD_PASSWORD);
        String user = "capped@" + domain;
        String from = newAddress();
        start(from, domain, user).statusCode(202);
        String first = code(user, 1);
        String second = start(from, domain, user).statusCode(202).extract().path("flowId");
        String code = GreenMailResource.await(user, 2, Duration.ofSeconds(20)).stream()
                .map(dev.identity.support.Recovery::codeIn).filter(c -> !c.equals(first)).findFirst().orElseThrow();
        start(from, domain, user).statusCode(202).body("flowId", notNullValue());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> GreenMailResource.to(user).size() == 2);
        // The silent start superseded nothing: the code that went out still works.
        verify(from, second, code).statusCode(200).body("status", equalTo("verified"));
        assertEquals(1L, ((Number) db.single("""
                select count(*) from audit_event e join tenant t on t.id = e.tenant_id
                where t.domain = ?1 and e.type = 'recovery-start' and e.reason = ?2""", domain,
                "recovery-mails-per-account-and-address")).longValue());
    }

    @Test
    void whenCodeMailsPassTheDailyCapThenStrangersGetNothingButAFamiliarAddressStillGetsACode() {
        String domain = newTenant();
        newUser(domain, "sought", GOOD_PASSWORD);
        String user = "sought@" + domain;
        String home = newAddress();
        signIn(home, domain, user, GOOD_PASSWORD).statusCode(200);
        for (int a = 0; a < 2; a++) {
            String stranger = newAddress();
            start(stranger, domain, user).statusCode(202);
            start(stranger, domain, user).statusCode(202);
        }
        GreenMailResource.await(user, 4, Duration.ofSeconds(20));
        start(newAddress(), domain, user).statusCode(202);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> GreenMailResource.to(user).size() == 4);
        String flow = start(home, domain, user).statusCode(202).extract().path("flowId");
        verify(home, flow, code(user, 5)).statusCode(200).body("status", equalTo("verified"));
    }

    // ---- storage ---------------------------------------------------------------------------------------------

    @Test
    void whenLimitsAreCountedThenTheyLiveInPostgreSqlUnderKeyedIdsHoldingNoNameOrAddress() {
        String domain = newTenant();
        String from = newAddress();
        start(from, domain, "stored@" + domain).statusCode(202);
        signIn(from, domain, "stored@" + domain, "Wrong-Password-1").statusCode(401);
        long buckets = ((Number) db.single("select count(*) from rate_limit")).longValue();
        assertTrue(buckets >= 4, "address and tenant buckets of two endpoints, and the mail caps");
        String dump = String.valueOf(db.single("""
                select string_agg(encode(key, 'escape'), ',') from rate_limit""")) + db.single("""
                select string_agg(encode(account_key || address_key || guess_key, 'escape'), ',')
                from sign_in_failure""");
        assertTrue(!dump.contains("stored@") && !dump.contains(from) && !dump.contains("Wrong-Password"),
                "no user name, address or password in the tables");
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
