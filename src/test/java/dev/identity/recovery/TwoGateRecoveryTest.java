package dev.identity.recovery;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Authenticators.nextCode;
import static dev.identity.support.Authenticators.register;
import static dev.identity.support.Authenticators.wrongCode;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.lastCode;
import static dev.identity.support.Recovery.mails;
import static dev.identity.support.Recovery.reset;
import static dev.identity.support.Recovery.start;
import static dev.identity.support.Recovery.startResponse;
import static dev.identity.support.Recovery.verify;
import static dev.identity.support.Recovery.wrong;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 4.3 and 4.4: plain users pass one gate, email or authenticator; users with an admin role pass both,
 * in either order; an admin with fewer than two methods gets the silence of an unknown user; an authenticator
 * code works once; an admin's reset is told to the tenant's other global admins.
 */
@QuarkusTest
class TwoGateRecoveryTest {

    @Inject
    Db db;

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- plain users: one gate, either one ---------------------------------------------------------------

    @Test
    void whenAPlainUserHasAnAuthenticatorThenItsCodeAloneGivesAResetToken() {
        String domain = newTenant();
        byte[] seed = register(signedInUser(domain, "plain"));
        String flow = start(domain, "plain@" + domain);
        String token = verify(flow, "authenticator", nextCode(seed)).statusCode(200)
                .body("status", equalTo("verified")).extract().path("resetToken");
        reset(flow, token, OTHER_GOOD_PASSWORD).statusCode(204);
        signIn(domain, "plain", OTHER_GOOD_PASSWORD);
    }

    @Test
    void whenAPlainUserHasBothMethodsThenTheEmailCodeAloneStillWorks() {
        String domain = newTenant();
        register(signedInUser(domain, "both"));
        String flow = start(domain, "both@" + domain);
        // Two mails: "an authenticator app was added", and the code.
        verify(flow, "email", lastCode("both@" + domain, 2)).statusCode(200).body("status", equalTo("verified"));
    }

    /**
     * DESIGN.md 4.4 (unknown users look like known ones): a wrong authenticator code gets the same answer, the same
     * attempt counted and the same audit reason for nobody, for a user without an authenticator and for one with it.
     * The decoy seed makes the work the same too; the time it takes is measured in bench/ (docs/benchmarks.md).
     */
    @Test
    void whenAWrongAuthenticatorCodeIsEnteredThenNobodyAUserWithoutOneAndAUserWithOneGetTheSameAnswer() {
        String domain = newTenant();
        byte[] seed = register(signedInUser(domain, "holder"));
        newUser(domain, "without", GOOD_PASSWORD);
        String code = wrongCode(seed);
        List<Object> answers = new ArrayList<>();
        for (String who : List.of("holder", "without", "nobody")) {
            String flow = start(domain, who + "@" + domain);
            answers.add(assertProblem(verify(flow, "authenticator", code), 400, "invalid-code")
                    .body("remainingAttempts", equalTo(4)).extract().as(java.util.Map.class));
            assertEquals("wrong-code", db.single("""
                    select reason from audit_event where type = 'recovery-verify' and outcome = 'failure'
                    order by occurred_at desc limit 1"""));
        }
        assertEquals(answers.get(0), answers.get(1));
        assertEquals(answers.get(0), answers.get(2));
    }

    // ---- an authenticator code works once -----------------------------------------------------------------

    @Test
    void whenAnAuthenticatorCodeIsReplayedThenVerifyRefusesItAndCountsTheAttempt() {
        String domain = newTenant();
        byte[] seed = register(signedInUser(domain, "replay"));
        String code = nextCode(seed);
        String first = start(domain, "replay@" + domain);
        verify(first, "authenticator", code).statusCode(200);
        String second = start(domain, "replay@" + domain);
        assertProblem(verify(second, "authenticator", code), 400, "invalid-code").body("remainingAttempts", equalTo(4));
        assertEquals(1L, ((Number) db.single("""
                select count(*) from audit_event where type = 'recovery-verify' and reason = 'replayed-code'
                  and tenant_id = (select id from tenant where domain = ?1)""", domain)).longValue());
        verify(second, "authenticator", nextCode(seed)).statusCode(200).body("status", equalTo("verified"));
    }

    @Test
    void whenTheCodeThatConfirmedTheRegistrationIsUsedInRecoveryThenItIsAReplay() {
        String domain = newTenant();
        String signedIn = signedInUser(domain, "confirmer");
        byte[] seed = dev.identity.support.Authenticators.begin(signedIn);
        String code = nextCode(seed);
        dev.identity.support.Authenticators.confirm(signedIn, code).statusCode(204);
        String flow = start(domain, "confirmer@" + domain);
        assertProblem(verify(flow, "authenticator", code), 400, "invalid-code");
    }

    @Test
    void whenSeveralVerifiesCarryTheSameAuthenticatorCodeAtOnceThenExactlyOnePasses() throws Exception {
        String domain = newTenant();
        byte[] seed = register(signedInUser(domain, "racer"));
        String code = nextCode(seed);
        // Four, under the five attempts a flow takes, so that the replays cannot lock the flow under the winner.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            String flow = start(domain, "racer@" + domain);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> verify(flow, "authenticator", code).extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
            // The others are replays (400), or come after the flow was verified (410).
            assertEquals(3, statuses.stream().filter(s -> s == 400 || s == 410).count(), "statuses " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenAWrongAuthenticatorCodeIsEnteredThenItCountsAgainstTheFlowsAttempts() {
        String domain = newTenant();
        byte[] seed = register(signedInUser(domain, "counted"));
        String flow = start(domain, "counted@" + domain);
        String emailCode = lastCode("counted@" + domain, 2);
        assertProblem(verify(flow, "authenticator", wrongCode(seed)), 400, "invalid-code")
                .body("remainingAttempts", equalTo(4));
        assertProblem(verify(flow, "email", wrong(emailCode)), 400, "invalid-code")
                .body("remainingAttempts", equalTo(3));
        for (int remaining = 2; remaining >= 0; remaining--) {
            assertProblem(verify(flow, "authenticator", wrongCode(seed)), 400, "invalid-code")
                    .body("remainingAttempts", equalTo(remaining));
        }
        assertProblem(verify(flow, "authenticator", nextCode(seed)), 423, "flow-locked");
        assertProblem(verify(flow, "email", emailCode), 423, "flow-locked");
    }

    @Test
    void whenTheAuthenticatorIsRemovedThenItsCodesNoLongerPassRecovery() {
        String domain = newTenant();
        String signedIn = signedInUser(domain, "removed");
        byte[] seed = register(signedIn);
        String flow = start(domain, "removed@" + domain);
        as(signedIn).delete("/api/v1/me/security-info/authenticator").then().statusCode(204);
        assertProblem(verify(flow, "authenticator", nextCode(seed)), 400, "invalid-code");
    }

    // ---- admins: two gates ----------------------------------------------------------------------------------

    @Test
    void whenAnAdminPassesTheAuthenticatorFirstThenTheEmailCodeIsStillRequired() {
        String domain = newTenant();
        byte[] seed = register(signedInUser(domain, "admin1", "USER_ADMIN"));
        String flow = start(domain, "admin1@" + domain);
        verify(flow, "authenticator", nextCode(seed)).statusCode(200)
                .body("status", equalTo("more-verification-required")).body("method", equalTo("email"))
                .body("resetToken", nullValue());
        verify(flow, "email", lastCode("admin1@" + domain, 2)).statusCode(200)
                .body("status", equalTo("verified")).body("resetToken", notNullValue());
    }

    @Test
    void whenAnAdminPassesTheEmailCodeFirstThenTheAuthenticatorIsStillRequired() {
        String domain = newTenant();
        byte[] seed = register(signedInUser(domain, "admin2", "HELPDESK_ADMIN"));
        String flow = start(domain, "admin2@" + domain);
        verify(flow, "email", lastCode("admin2@" + domain, 2)).statusCode(200)
                .body("status", equalTo("more-verification-required")).body("method", equalTo("authenticator"));
        assertProblem(verify(flow, "email", lastCode("admin2@" + domain, 2)), 409, "conflict");
        verify(flow, "authenticator", nextCode(seed)).statusCode(200).body("status", equalTo("verified"));
    }

    @Test
    void whenAnAdminPassesOneGateAndStopsThenNoResetTokenExistsAndResetIs410() {
        String domain = newTenant();
        register(signedInUser(domain, "halfway", "PASSWORD_ADMIN"));
        String flow = start(domain, "halfway@" + domain);
        verify(flow, "email", lastCode("halfway@" + domain, 2)).statusCode(200)
                .body("status", equalTo("more-verification-required"));
        assertNull(db.single("select reset_token_hash from recovery_flow where id = ?1", UUID.fromString(flow)));
        assertProblem(reset(flow, "A".repeat(43), OTHER_GOOD_PASSWORD), 410, "flow-expired");
        signIn(domain, "halfway", GOOD_PASSWORD);
    }

    @Test
    void whenAnAdminHasOnlyOneMethodThenRecoveryStartIsTheSilenceOfAnUnknownUser() throws Exception {
        String domain = newTenant();
        newUser(domain, "emailonly", GOOD_PASSWORD, "GLOBAL_ADMIN");
        String known = startResponse(domain, "emailonly@" + domain).statusCode(202).extract().asString();
        String unknown = startResponse(domain, "ghost@" + domain).statusCode(202).extract().asString();
        assertEquals(Set.of("flowId", "expiresAt"), keys(known));
        assertEquals(keys(unknown), keys(known));
        String flow = io.restassured.path.json.JsonPath.from(known).getString("flowId");
        assertProblem(verify(flow, "email", "12345678"), 400, "invalid-code").body("remainingAttempts", equalTo(4));
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> mails("emailonly@" + domain).isEmpty()); // no code goes out
        assertEquals("admin-needs-two-methods", db.single("""
                select reason from audit_event where type = 'recovery-start' and target_user_id =
                  (select id from app_user where user_name = ?1)""", "emailonly@" + domain));
    }

    private static Set<String> keys(String json) {
        return io.restassured.path.json.JsonPath.from(json).<String, Object>getMap("").keySet();
    }

    // ---- an admin's reset is told to the other global admins (4.4) --------------------------------------------

    @Test
    void whenAnAdminResetsThroughBothGatesThenTheTenantsOtherGlobalAdminsAreMailed() {
        String domain = newTenant();
        newUser(domain, "ga1", GOOD_PASSWORD, "GLOBAL_ADMIN");
        newUser(domain, "ga2", GOOD_PASSWORD, "GLOBAL_ADMIN");
        newUser(domain, "bystander", GOOD_PASSWORD);
        byte[] seed = register(signedIn(domain, "ga1"));
        String flow = start(domain, "ga1@" + domain);
        verify(flow, "email", lastCode("ga1@" + domain, 2)).statusCode(200);
        String token = verify(flow, "authenticator", nextCode(seed)).statusCode(200).extract().path("resetToken");
        reset(flow, token, OTHER_GOOD_PASSWORD).statusCode(204);

        // First that ga1's authenticator was added (DESIGN.md 7), then the reset.
        List<MimeMessage> toGa2 = GreenMailResource.await("ga2@" + domain, 2, Duration.ofSeconds(20));
        assertEquals(List.of("How an administrator's account is recovered was changed",
                "An administrator's password was changed"), toGa2.stream().map(m -> subject(m)).toList());
        MimeMessage told = toGa2.get(1);
        assertTrue(body(told).contains("ga1@" + domain) && body(told).contains("through self-service recovery"),
                body(told));
        List<MimeMessage> own = GreenMailResource.await("ga1@" + domain, 3, Duration.ofSeconds(20));
        assertTrue(own.stream().anyMatch(m -> subject(m).equals("Your password was changed")));
        assertTrue(own.stream().noneMatch(m -> subject(m).equals("An administrator's password was changed")),
                "the target is told once, as the target");
        assertEquals(0, mails("bystander@" + domain).size(), "plain users are not told");
        signIn(domain, "ga1", OTHER_GOOD_PASSWORD);
    }

    private static String signedIn(String domain, String local) {
        return signIn(domain, local, GOOD_PASSWORD);
    }
}
