package dev.identity.securityinfo;

import static dev.identity.support.Api.as;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.code;
import static dev.identity.support.Recovery.mails;
import static dev.identity.support.Recovery.start;
import static dev.identity.support.Recovery.wrong;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN.md sections 4 and 8: the recovery email changes only through a code sent to the new address. */
@QuarkusTest
class SecurityInfoTest {

    @Test
    void whenSecurityInfoIsReadThenItShowsTheVerifiedEmailAndNoAuthenticator() {
        String domain = newTenant();
        String token = signedInUser(domain, "info");
        as(token).get("/api/v1/me/security-info").then().statusCode(200)
                .body("email.address", equalTo("info@" + domain))
                .body("email.verified", equalTo(true))
                .body("authenticator.registered", equalTo(false));
    }

    @Test
    void whenTheRecoveryEmailChangesThenOnlyTheCodeMailedToTheNewAddressCompletesItAndTheOldAddressIsTold()
            throws Exception {
        String domain = newTenant();
        String token = signedInUser(domain, "mover");
        String newAddress = "mover.new@mail-" + domain;
        as(token).body(Map.of("email", newAddress)).put("/api/v1/me/security-info/email").then().statusCode(202);
        as(token).get("/api/v1/me/security-info").then().body("email.address", equalTo("mover@" + domain));

        String code = code(newAddress, 1);
        assertProblem(as(token).body(Map.of("code", wrong(code))).post("/api/v1/me/security-info/email/verify").then(),
                400, "invalid-code").body("remainingAttempts", equalTo(4));
        as(token).body(Map.of("code", code)).post("/api/v1/me/security-info/email/verify").then().statusCode(204);
        as(token).get("/api/v1/me/security-info").then().statusCode(200)
                .body("email.address", equalTo(newAddress)).body("email.verified", equalTo(true));

        var told = GreenMailResource.await("mover@" + domain, 1, Duration.ofSeconds(20)).get(0);
        assertEquals("Your recovery email address was changed", told.getSubject());

        // Recovery codes now go to the new address only.
        start(domain, "mover@" + domain);
        code(newAddress, 2);
        // The old address gets no code: watched for a while, not slept through.
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> mails("mover@" + domain).size() == 1);
    }

    @Test
    void whenTheEmailCodeIsWrongFiveTimesThenTheChangeLocks() {
        String domain = newTenant();
        String token = signedInUser(domain, "locker");
        String newAddress = "locker.new@mail-" + domain;
        as(token).body(Map.of("email", newAddress)).put("/api/v1/me/security-info/email").then().statusCode(202);
        String code = code(newAddress, 1);
        for (int remaining = 4; remaining >= 0; remaining--) {
            assertProblem(as(token).body(Map.of("code", wrong(code))).post("/api/v1/me/security-info/email/verify")
                    .then(), 400, "invalid-code").body("remainingAttempts", equalTo(remaining));
        }
        assertProblem(as(token).body(Map.of("code", code)).post("/api/v1/me/security-info/email/verify").then(),
                423, "flow-locked");
        as(token).get("/api/v1/me/security-info").then().body("email.address", equalTo("locker@" + domain));
    }

    @Test
    void whenNoChangeIsWaitingThenVerifyIs404AndAUsedCodeIs410() {
        String domain = newTenant();
        String token = signedInUser(domain, "none");
        assertProblem(as(token).body(Map.of("code", "12345678")).post("/api/v1/me/security-info/email/verify").then(),
                404, "not-found");
        String newAddress = "none.new@mail-" + domain;
        as(token).body(Map.of("email", newAddress)).put("/api/v1/me/security-info/email").then().statusCode(202);
        String code = code(newAddress, 1);
        as(token).body(Map.of("code", code)).post("/api/v1/me/security-info/email/verify").then().statusCode(204);
        assertProblem(as(token).body(Map.of("code", code)).post("/api/v1/me/security-info/email/verify").then(),
                410, "flow-expired");
    }

    @Test
    void whenTheNewAddressIsNotAnEmailOrNobodyIsSignedInThenTheChangeIsRefused() {
        String domain = newTenant();
        String token = signedInUser(domain, "bad");
        assertProblem(as(token).body(Map.of("email", "not an address")).put("/api/v1/me/security-info/email").then(),
                400, "invalid-request");
        assertProblem(io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("email", "x@y.example")).put("/api/v1/me/security-info/email").then(), 401, "unauthorized");
    }

    @Test
    void whenAUserAsksForManyChangesThenTheSixthWithinAnHourIs429() {
        String domain = newTenant();
        String token = signedInUser(domain, "spam");
        for (int i = 0; i < 5; i++) {
            as(token).body(Map.of("email", "spam" + i + "@mail-" + domain)).put("/api/v1/me/security-info/email")
                    .then().statusCode(202);
        }
        assertProblem(as(token).body(Map.of("email", "spam9@mail-" + domain)).put("/api/v1/me/security-info/email")
                .then(), 429, "rate-limited").header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void whenATemporaryPasswordTokenIsUsedThenSecurityInfoIsRefused() {
        String domain = newTenant();
        Map<String, Object> body = dev.identity.support.Api.userBody(domain, "temp");
        String temporary = dev.identity.support.Api.asOperator().body(body).post("/api/v1/tenants/" + domain + "/users")
                .then().statusCode(201).extract().path("temporaryPassword");
        String token = dev.identity.support.Api.signIn(domain, "temp", temporary);
        assertProblem(as(token).get("/api/v1/me/security-info").then(), 403, "password-change-required");
    }
}
