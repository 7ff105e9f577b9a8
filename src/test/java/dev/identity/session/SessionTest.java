package dev.identity.session;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.support.Api;
import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 7: every earlier token fails at once after sign-out, a password change or disabling. */
@QuarkusTest
class SessionTest {

    @Inject
    Db db;

    @Test
    void whenUserSignsOutThenThatTokenIsRefusedAndOtherSessionsStay() {
        String domain = newTenant();
        newUser(domain, "kim", GOOD_PASSWORD);
        String first = signIn(domain, "kim", GOOD_PASSWORD);
        String second = signIn(domain, "kim", GOOD_PASSWORD);
        as(first).post("/api/v1/me/sign-out").then().statusCode(204);
        assertProblem(as(first).get("/api/v1/me").then(), 401, "unauthorized");
        as(second).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void whenPasswordChangesThenEveryEarlierTokenIsRefused() {
        String domain = newTenant();
        newUser(domain, "lea", GOOD_PASSWORD);
        String first = signIn(domain, "lea", GOOD_PASSWORD);
        String second = signIn(domain, "lea", GOOD_PASSWORD);
        as(first).body(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", OTHER_GOOD_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);
        assertProblem(as(first).get("/api/v1/me").then(), 401, "unauthorized");
        assertProblem(as(second).get("/api/v1/me").then(), 401, "unauthorized");
        assertProblem(signInResponse(domain, "lea@" + domain, GOOD_PASSWORD), 401, "unauthorized");
        as(signIn(domain, "lea", OTHER_GOOD_PASSWORD)).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void whenUserIsDisabledThenEveryEarlierTokenIsRefused() {
        String domain = newTenant();
        String id = newUser(domain, "max", GOOD_PASSWORD);
        String token = signIn(domain, "max", GOOD_PASSWORD);
        asOperator().body(Map.of("enabled", false)).patch("/api/v1/tenants/" + domain + "/users/" + id)
                .then().statusCode(200);
        assertProblem(as(token).get("/api/v1/me").then(), 401, "unauthorized");
        asOperator().body(Map.of("enabled", true)).patch("/api/v1/tenants/" + domain + "/users/" + id)
                .then().statusCode(200);
        assertProblem(as(token).get("/api/v1/me").then(), 401, "unauthorized");
    }

    @Test
    void whenTokenHasExpiredThenItIsRefused() throws Exception {
        String domain = newTenant();
        newUser(domain, "ned", GOOD_PASSWORD);
        String token = signIn(domain, "ned", GOOD_PASSWORD);
        db.update("update session set expires_at = now() - interval '1 second' where token_hash = ?1", sha256(token));
        assertProblem(as(token).get("/api/v1/me").then(), 401, "unauthorized");
    }

    @Test
    void whenTokenIsStoredThenOnlyItsSha256IsKept() throws Exception {
        String domain = newTenant();
        String id = newUser(domain, "ola", GOOD_PASSWORD);
        String token = signIn(domain, "ola", GOOD_PASSWORD);
        assertEquals(1L, ((Number) db.single("select count(*) from session where token_hash = ?1 and user_id = ?2",
                sha256(token), UUID.fromString(id))).longValue());
        assertEquals(0L, ((Number) db.single("select count(*) from session where encode(token_hash, 'escape') = ?1",
                token)).longValue());
    }

    @Test
    void whenTokenIsMissingMalformedOrUnknownThenUnauthorizedWithBearerChallenge() {
        assertProblem(given().get("/api/v1/me").then(), 401, "unauthorized")
                .header("WWW-Authenticate", notNullValue());
        assertProblem(given().header("Authorization", "Basic Zm9vOmJhcg==").get("/api/v1/me").then(), 401,
                "unauthorized");
        assertProblem(as("not-a-token").get("/api/v1/me").then(), 401, "unauthorized");
    }

    @Test
    void whenPasswordChangeIsRequiredThenTheTokenIsGoodOnlyForMePasswordChangeAndSignOut() {
        String domain = newTenant();
        Map<String, Object> created = asOperator().body(Api.userBody(domain, "pia"))
                .post("/api/v1/tenants/" + domain + "/users").then().statusCode(201)
                .body("passwordChangeRequired", equalTo(true)).extract().as(Map.class);
        String temporary = (String) created.get("temporaryPassword");
        String token = signInResponse(domain, "pia@" + domain, temporary).statusCode(200)
                .body("passwordChangeRequired", equalTo(true)).extract().path("accessToken");

        as(token).get("/api/v1/me").then().statusCode(200).body("passwordChangeRequired", equalTo(true));
        assertProblem(as(token).get("/api/v1/tenants/" + domain).then(), 403, "password-change-required");
        assertProblem(as(token).get("/api/v1/tenants/" + domain + "/users").then(), 403, "password-change-required");

        as(token).body(Map.of("currentPassword", temporary, "newPassword", GOOD_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);
        String fresh = signInResponse(domain, "pia@" + domain, GOOD_PASSWORD).statusCode(200)
                .body("passwordChangeRequired", equalTo(false)).extract().path("accessToken");
        as(fresh).get("/api/v1/me").then().statusCode(200).body("passwordChangeRequired", equalTo(false));
        as(fresh).post("/api/v1/me/sign-out").then().statusCode(204);
    }

    @Test
    void whenSignedInUserReadsMeThenTheContractFieldsAreThere() {
        String domain = newTenant();
        String id = newUser(domain, "quin", GOOD_PASSWORD, "HELPDESK_ADMIN");
        as(signIn(domain, "quin", GOOD_PASSWORD)).get("/api/v1/me").then().statusCode(200)
                .body("id", equalTo(id)).body("tenant", equalTo(domain))
                .body("userName", equalTo("quin@" + domain)).body("displayName", equalTo("Person quin"))
                .body("email", equalTo("quin@" + domain)).body("roles", equalTo(java.util.List.of("HELPDESK_ADMIN")))
                .body("$", org.hamcrest.Matchers.hasKey("locale"));
    }

    @Test
    void whenCurrentPasswordIsWrongThenThePasswordIsNotChanged() {
        String domain = newTenant();
        newUser(domain, "rex", GOOD_PASSWORD);
        String token = signIn(domain, "rex", GOOD_PASSWORD);
        assertProblem(as(token).body(Map.of("currentPassword", "Wrong-Password-987", "newPassword",
                OTHER_GOOD_PASSWORD)).post("/api/v1/me/password").then(), 400, "invalid-request");
        signIn(domain, "rex", GOOD_PASSWORD);
        as(token).get("/api/v1/me").then().statusCode(200);
    }

    static byte[] sha256(String token) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
