package dev.identity.credential;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Problems.assertProblem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import dev.identity.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 5 through the API: every path that sets a password applies the same policy. */
@QuarkusTest
class PasswordPolicyHttpTest {

    @jakarta.inject.Inject
    dev.identity.support.Db db;

    @Test
    void whenPasswordIsReplacedThenTheOldHashIsKeptInHistoryAndTheChangeIsAudited() {
        String domain = newTenant();
        String id = newUser(domain, "hil", GOOD_PASSWORD);
        String before = (String) db.single("select password_hash from app_user where id = ?1", java.util.UUID.fromString(id));
        change(signIn(domain, "hil", GOOD_PASSWORD), GOOD_PASSWORD, "Quiet-Meadow-Copper-77").statusCode(204);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(before),
                db.list("select password_hash from password_history where user_id = ?1", java.util.UUID.fromString(id)));
        org.junit.jupiter.api.Assertions.assertEquals(1L, ((Number) db.single("select count(*) from audit_event "
                + "where type = 'password-change' and outcome = 'success' and target_user_id = ?1",
                java.util.UUID.fromString(id))).longValue());
    }

    private static io.restassured.response.ValidatableResponse change(String token, String current, String next) {
        return as(token).body(Map.of("currentPassword", current, "newPassword", next)).post("/api/v1/me/password")
                .then();
    }

    @Test
    void whenNewPasswordBreaksSeveralRulesThen422NamesEachRuleOnce() {
        String domain = newTenant();
        newUser(domain, "sam", GOOD_PASSWORD);
        String token = signIn(domain, "sam", GOOD_PASSWORD);
        assertProblem(change(token, GOOD_PASSWORD, "sam"), 422, "password-policy")
                .body("violations.field", everyItem(equalTo("newPassword")))
                .body("violations.rule", hasItem("min-length"))
                .body("violations.rule", hasItem("contains-user-name"));
    }

    @Test
    void whenNewPasswordIsCommonThenCommonPasswordViolation() {
        String domain = newTenant();
        newUser(domain, "tom", GOOD_PASSWORD);
        assertProblem(change(signIn(domain, "tom", GOOD_PASSWORD), GOOD_PASSWORD, "password1234"), 422,
                "password-policy").body("violations.rule", containsInAnyOrder("common-password"));
    }

    @Test
    void whenNewPasswordIsTooLongThenMaxLengthViolation() {
        String domain = newTenant();
        newUser(domain, "uma", GOOD_PASSWORD);
        assertProblem(change(signIn(domain, "uma", GOOD_PASSWORD), GOOD_PASSWORD, "Harbor-Lantern-".repeat(9)), 422,
                "password-policy").body("violations.rule", hasItem("max-length"));
    }

    @Test
    void whenNewPasswordContainsTheTenantOrDisplayNameThenRefused() {
        String domain = newTenant();
        newUser(domain, "vic", GOOD_PASSWORD);
        String token = signIn(domain, "vic", GOOD_PASSWORD);
        String tenantLabel = domain.substring(0, domain.indexOf('.'));
        assertProblem(change(token, GOOD_PASSWORD, "Harbor-" + tenantLabel + "-Lantern"), 422, "password-policy")
                .body("violations.rule", hasItem("contains-tenant-name"));
        assertProblem(change(token, GOOD_PASSWORD, "Harbor-Person-Lantern-42"), 422, "password-policy")
                .body("violations.rule", hasItem("contains-display-name"));
    }

    @Test
    void whenNewPasswordEqualsTheOneItReplacesThenReusedPassword() {
        String domain = newTenant();
        newUser(domain, "wes", GOOD_PASSWORD);
        assertProblem(change(signIn(domain, "wes", GOOD_PASSWORD), GOOD_PASSWORD, GOOD_PASSWORD), 422,
                "password-policy").body("violations.rule", containsInAnyOrder("reused-password"));
    }

    @Test
    void whenPasswordIsNfkcEquivalentThenItSignsIn() {
        String domain = newTenant();
        // Full-width letters and digits normalise (NFKC) to the ASCII password.
        newUser(domain, "xia", "Ｖｉｏｌｅｔ-Ｈａｒｂｏｒ-Ｌａｎｔｅｒｎ-４２");
        signIn(domain, "xia", GOOD_PASSWORD);
    }

    @Test
    void whenPasswordIsLongThenItIsNeverTruncated() {
        String domain = newTenant();
        String longPassword = "Violet-Harbor-Lantern-".repeat(5) + "Q7"; // 112 characters
        newUser(domain, "yan", longPassword);
        signIn(domain, "yan", longPassword);
        assertProblem(signInResponse(domain, "yan@" + domain, longPassword.substring(0, 111)), 401, "unauthorized");
        assertProblem(signInResponse(domain, "yan@" + domain, longPassword.substring(0, 72)), 401, "unauthorized");
    }

    @Test
    void whenPasswordIsAnyUnicodeThenItIsAccepted() {
        String domain = newTenant();
        newUser(domain, "zoe", "ハーバー・ランタン・すみれ色の夜");
        signIn(domain, "zoe", "ハーバー・ランタン・すみれ色の夜");
    }

    @Test
    void whenAdminCreatesUserWithWeakPasswordThenSamePolicyApplies() {
        String domain = newTenant();
        Map<String, Object> body = Api.userBody(domain, "abe");
        body.put("password", "abe12345");
        assertProblem(asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then(), 422,
                "password-policy")
                .body("violations.field", everyItem(equalTo("password")))
                .body("violations.rule", hasItem("min-length"));
    }
}
