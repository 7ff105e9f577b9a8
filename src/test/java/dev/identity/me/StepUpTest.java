package dev.identity.me;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Authenticators.register;
import static dev.identity.support.Authenticators.registerResponse;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.code;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 7: changing how an account is recovered needs a fresh proof of the password (a sign-in or a
 * reauthentication within the session's last 10 minutes); each change ends the user's other sessions, tells the
 * old address (and an admin's fellow global admins), and is audited. A stolen token alone cannot re-point recovery.
 */
@QuarkusTest
@QuarkusTestResource(GreenMailResource.class)
class StepUpTest {

    @Inject
    Db db;

    private static UUID me(String token) {
        return UUID.fromString(as(token).get("/api/v1/me").then().statusCode(200).extract().path("id"));
    }

    /** The session of a token as a thief holds it: its sign-in was long ago (tokens live up to an hour). */
    private void ageProof(String token, Duration ago) {
        db.update("update session set proved_at = now() - make_interval(secs => ?1) where user_id = ?2 "
                + "and revoked_at is null", (double) ago.toSeconds(), me(token));
    }

    private static ValidatableResponse reauthenticate(String token, String password) {
        return as(token).body(Map.of("password", password)).post("/api/v1/me/reauthenticate").then();
    }

    @Test
    void whenTheSessionsLastProofIsOlderThanTenMinutesThenChangingTheRecoveryEmailIs403AndChangesNothing() {
        String domain = newTenant();
        newUser(domain, "stolen", GOOD_PASSWORD);
        String token = signIn(domain, "stolen", GOOD_PASSWORD);
        ageProof(token, Duration.ofMinutes(11));
        String thiefs = "thief@mail-" + domain;
        assertProblem(as(token).body(Map.of("email", thiefs)).put("/api/v1/me/security-info/email").then(), 403,
                "reauthentication-required");
        assertEquals(0L, db.single("select count(*) from email_change where user_id = ?1", me(token)));
        as(token).get("/api/v1/me/security-info").then().statusCode(200)
                .body("email.address", equalTo("stolen@" + domain));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> GreenMailResource.to(thiefs).isEmpty());
    }

    @Test
    void whenTheSessionsLastProofIsOlderThanTenMinutesThenAddingOrRemovingTheAuthenticatorIs403AndChangesNothing() {
        String domain = newTenant();
        newUser(domain, "kept", GOOD_PASSWORD);
        String token = signIn(domain, "kept", GOOD_PASSWORD);
        ageProof(token, Duration.ofMinutes(11));
        assertProblem(registerResponse(token), 403, "reauthentication-required");
        assertEquals(0L, db.single("select count(*) from authenticator where user_id = ?1", me(token)));

        reauthenticate(token, GOOD_PASSWORD).statusCode(204);
        register(token);
        ageProof(token, Duration.ofMinutes(11));
        assertProblem(as(token).delete("/api/v1/me/security-info/authenticator").then(), 403,
                "reauthentication-required");
        as(token).get("/api/v1/me/security-info").then().body("authenticator.registered", equalTo(true));
    }

    @Test
    void whenTheProofIsWithinTenMinutesThenTheChangeIsAllowedAndAReauthenticationRenewsIt() {
        String domain = newTenant();
        newUser(domain, "renew", GOOD_PASSWORD);
        String token = signIn(domain, "renew", GOOD_PASSWORD);
        ageProof(token, Duration.ofMinutes(9));
        registerResponse(token).statusCode(201);

        ageProof(token, Duration.ofMinutes(30));
        assertProblem(registerResponse(token), 403, "reauthentication-required");
        reauthenticate(token, GOOD_PASSWORD).statusCode(204);
        registerResponse(token).statusCode(201);
        assertEquals(1L, db.single("select count(*) from audit_event where type = 'reauthentication' "
                + "and outcome = 'success' and target_user_id = ?1", me(token)));
    }

    @Test
    void whenTheReauthenticationPasswordIsWrongThenItIs401AndCountsAsASignInFailureAndProvesNothing() {
        String domain = newTenant();
        newUser(domain, "guessed", GOOD_PASSWORD);
        String token = signIn(domain, "guessed", GOOD_PASSWORD);
        ageProof(token, Duration.ofMinutes(11));
        long failuresBefore = (Long) db.single("select count(*) from sign_in_failure");
        assertProblem(reauthenticate(token, "Not-The-Password-123"), 401, "unauthorized")
                .body("remainingAttempts", equalTo(4));
        assertProblem(registerResponse(token), 403, "reauthentication-required");
        assertEquals(failuresBefore + 1, db.single("select count(*) from sign_in_failure"));
        assertEquals("wrong-password", db.single("select reason from audit_event where type = 'reauthentication' "
                + "and outcome = 'failure' and target_user_id = ?1", me(token)));
    }

    @Test
    void whenFiveWrongReauthenticationsComeInARowThenTheSessionEnds() {
        String domain = newTenant();
        newUser(domain, "fifth", GOOD_PASSWORD);
        String token = signIn(domain, "fifth", GOOD_PASSWORD);
        for (int left = 4; left >= 1; left--) {
            reauthenticate(token, "Wrong-Guess-Number-" + left).statusCode(401)
                    .body("remainingAttempts", equalTo(left));
        }
        assertProblem(reauthenticate(token, "Wrong-Guess-Number-5"), 401, "unauthorized");
        assertProblem(reauthenticate(token, GOOD_PASSWORD), 401, "unauthorized");
        as(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void whenTheRecoveryEmailOfAnAdminChangesThenOtherSessionsEndTheOldAddressAndTheOtherGlobalAdminsAreTold()
            throws Exception {
        String domain = newTenant();
        newUser(domain, "boss", GOOD_PASSWORD, "GLOBAL_ADMIN");
        newUser(domain, "helper", GOOD_PASSWORD, "USER_ADMIN");
        String here = signIn(domain, "helper", GOOD_PASSWORD);
        String elsewhere = signIn(domain, "helper", GOOD_PASSWORD);
        String newAddress = "helper.new@mail-" + domain;
        as(here).body(Map.of("email", newAddress)).put("/api/v1/me/security-info/email").then().statusCode(202);
        as(here).body(Map.of("code", code(newAddress, 1))).post("/api/v1/me/security-info/email/verify").then()
                .statusCode(204);

        as(elsewhere).get("/api/v1/me").then().statusCode(401);
        as(here).get("/api/v1/me").then().statusCode(200);
        MimeMessage toOld = GreenMailResource.await("helper@" + domain, 1, Duration.ofSeconds(20)).get(0);
        assertEquals("Your recovery email address was changed", toOld.getSubject());
        MimeMessage toBoss = GreenMailResource.await("boss@" + domain, 1, Duration.ofSeconds(20)).get(0);
        assertEquals("How an administrator's account is recovered was changed", toBoss.getSubject());
        assertTrue(dev.identity.support.Recovery.text(toBoss).contains("helper@" + domain));
        assertEquals(1L, db.single("select count(*) from audit_event where type = 'security-info-changed' "
                + "and outcome = 'success' and reason = 'email' and target_user_id = ?1", me(here)));
    }

    @Test
    void whenTheAuthenticatorIsAddedOrRemovedThenTheUsersOtherSessionsEnd() {
        String domain = newTenant();
        newUser(domain, "phone", GOOD_PASSWORD);
        String here = signIn(domain, "phone", GOOD_PASSWORD);
        String thief = signIn(domain, "phone", GOOD_PASSWORD);
        register(here);
        as(thief).get("/api/v1/me").then().statusCode(401);
        String later = signIn(domain, "phone", GOOD_PASSWORD);
        as(here).delete("/api/v1/me/security-info/authenticator").then().statusCode(204);
        as(later).get("/api/v1/me").then().statusCode(401);
        as(here).get("/api/v1/me").then().statusCode(200);
        assertEquals(2L, db.single("select count(*) from audit_event where type = 'security-info-changed' "
                + "and outcome = 'success' and target_user_id = ?1", me(here)));
    }

    @Test
    void whenATemporaryPasswordTokenReauthenticatesThenItIsRefusedLikeEverythingButThePasswordChange() {
        String domain = newTenant();
        String id = newUser(domain, "temp", GOOD_PASSWORD);
        String temporary = dev.identity.support.Api.asOperator().body(Map.of())
                .post("/api/v1/tenants/" + domain + "/users/" + id + "/password-reset").then().statusCode(200)
                .extract().path("temporaryPassword");
        String token = signIn(domain, "temp", temporary);
        assertProblem(reauthenticate(token, temporary), 403, "password-change-required");
    }
}
