package dev.identity.user;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Api.userBody;
import static dev.identity.support.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Creating users and changing roles under DESIGN.md section 2's matrix, and the last global admin rule. */
@QuarkusTest
class UserAdministrationTest {

    @Inject
    Db db;

    private static String users(String domain) {
        return "/api/v1/tenants/" + domain + "/users";
    }

    @Test
    void whenNoPasswordIsGivenThenATemporaryOneOf128BitsOrMoreIsReturnedOnceAndMustBeChanged() {
        String domain = newTenant();
        String id = asOperator().body(userBody(domain, "amy")).post(users(domain)).then().statusCode(201)
                .header("Location", containsString("/users/"))
                .body("passwordChangeRequired", equalTo(true))
                .body("temporaryPassword", matchesPattern("([A-HJ-NP-Za-km-z2-9]{6}-){3}[A-HJ-NP-Za-km-z2-9]{6}"))
                .extract().path("id");
        asOperator().get(users(domain) + "/" + id).then().statusCode(200)
                .body("temporaryPassword", nullValue()).body("passwordChangeRequired", equalTo(true));
    }

    @Test
    void whenAPasswordIsGivenThenNoTemporaryPasswordIsReturned() {
        String domain = newTenant();
        var body = userBody(domain, "ben");
        body.put("password", GOOD_PASSWORD);
        asOperator().body(body).post(users(domain)).then().statusCode(201)
                .body("passwordChangeRequired", equalTo(false)).body("$", not(org.hamcrest.Matchers.hasKey("temporaryPassword")));
    }

    @Test
    void whenUsersAreReadThenNoHashCodeOrTokenIsEverInTheResponse() {
        String domain = newTenant();
        newUser(domain, "cal", GOOD_PASSWORD, "USER_ADMIN");
        String listed = asOperator().get(users(domain)).then().statusCode(200).extract().asString();
        assertEquals(false, listed.contains("argon2") || listed.contains("passwordHash") || listed.contains("token"));
    }

    @Test
    void whenUserNameExistsInAnyCaseThenConflict() {
        String domain = newTenant();
        newUser(domain, "dan", GOOD_PASSWORD);
        var body = userBody(domain, "DAN");
        assertProblem(asOperator().body(body).post(users(domain)).then(), 409, "conflict");
    }

    @Test
    void whenHelpdeskAdminGrantsUserAdminThenRoleNotPermitted() {
        String domain = newTenant();
        String helpdesk = signedInUser(domain, "hd", "HELPDESK_ADMIN");
        assertProblem(as(helpdesk).body(userBody(domain, "new1", "USER_ADMIN")).post(users(domain)).then(), 403,
                "role-not-permitted");
        as(helpdesk).body(userBody(domain, "new2", "PASSWORD_ADMIN")).post(users(domain)).then().statusCode(201);
        as(helpdesk).body(userBody(domain, "new3")).post(users(domain)).then().statusCode(201);
    }

    @Test
    void whenUserAdminCreatesGlobalAdminThenRoleNotPermittedButHelpdeskAdminIsAllowed() {
        String domain = newTenant();
        String userAdmin = signedInUser(domain, "ua", "USER_ADMIN");
        assertProblem(as(userAdmin).body(userBody(domain, "ga2", "GLOBAL_ADMIN")).post(users(domain)).then(), 403,
                "role-not-permitted");
        as(userAdmin).body(userBody(domain, "hd2", "HELPDESK_ADMIN")).post(users(domain)).then().statusCode(201);
    }

    @Test
    void whenPlainUserOrAdminAgentAdministersTheirOwnTenantThenRoleNotPermitted() {
        String domain = newTenant();
        String plain = signedInUser(domain, "pl");
        assertProblem(as(plain).body(userBody(domain, "x1")).post(users(domain)).then(), 403, "role-not-permitted");
        assertProblem(as(plain).get(users(domain)).then(), 403, "role-not-permitted");

        String provider = newTenant("indirect-provider");
        String agent = signedInUser(provider, "agent", "ADMIN_AGENT");
        assertProblem(as(agent).body(userBody(provider, "x2")).post(users(provider)).then(), 403,
                "role-not-permitted");
    }

    @Test
    void whenPasswordAdminEditsAHelpdeskAdminThenRoleNotPermitted() {
        String domain = newTenant();
        String passwordAdmin = signedInUser(domain, "pa", "PASSWORD_ADMIN");
        String target = newUser(domain, "hd3", GOOD_PASSWORD, "HELPDESK_ADMIN");
        assertProblem(as(passwordAdmin).body(Map.of("displayName", "Renamed")).patch(users(domain) + "/" + target)
                .then(), 403, "role-not-permitted");
        String plainTarget = newUser(domain, "pl3", GOOD_PASSWORD);
        as(passwordAdmin).body(Map.of("displayName", "Renamed Person")).patch(users(domain) + "/" + plainTarget)
                .then().statusCode(200).body("displayName", equalTo("Renamed Person"));
    }

    @Test
    void whenAnAdminPromotesBeyondTheirOwnRoleThenRoleNotPermittedAndNothingChanges() {
        String domain = newTenant();
        String userAdmin = signedInUser(domain, "ua2", "USER_ADMIN");
        String target = newUser(domain, "tg", GOOD_PASSWORD);
        assertProblem(as(userAdmin).body(Map.of("roles", List.of("GLOBAL_ADMIN"))).patch(users(domain) + "/" + target)
                .then(), 403, "role-not-permitted");
        asOperator().get(users(domain) + "/" + target).then().body("roles", hasSize(0));
        Number refusals = (Number) db.single("select count(*) from audit_event where target_user_id = ?1 "
                + "and outcome = 'refused' and reason = 'role-not-permitted'", UUID.fromString(target));
        assertEquals(1L, refusals.longValue());
    }

    @Test
    void whenTheLastEnabledGlobalAdminWouldBeDemotedOrDisabledThenConflict() {
        String domain = newTenant();
        String ga = newUser(domain, "boss", GOOD_PASSWORD, "GLOBAL_ADMIN");
        assertProblem(asOperator().body(Map.of("roles", List.of("USER_ADMIN"))).patch(users(domain) + "/" + ga).then(),
                409, "conflict");
        assertProblem(asOperator().body(Map.of("enabled", false)).patch(users(domain) + "/" + ga).then(), 409,
                "conflict");
        asOperator().get(users(domain) + "/" + ga).then().body("roles", equalTo(List.of("GLOBAL_ADMIN")))
                .body("enabled", equalTo(true));

        newUser(domain, "boss2", GOOD_PASSWORD, "GLOBAL_ADMIN");
        asOperator().body(Map.of("enabled", false)).patch(users(domain) + "/" + ga).then().statusCode(200)
                .body("enabled", equalTo(false));
    }

    @Test
    void whenGlobalAdminChangesRolesThenTheChangeIsAuditedWithTheActor() {
        String domain = newTenant();
        String gaId = newUser(domain, "gaa", GOOD_PASSWORD, "GLOBAL_ADMIN");
        String ga = dev.identity.support.Api.signIn(domain, "gaa", GOOD_PASSWORD);
        String target = newUser(domain, "tgt", GOOD_PASSWORD);
        as(ga).body(Map.of("roles", List.of("USER_ADMIN", "PASSWORD_ADMIN"))).patch(users(domain) + "/" + target)
                .then().statusCode(200).body("roles", equalTo(List.of("PASSWORD_ADMIN", "USER_ADMIN")));
        Object actor = db.single("select cast(actor_user_id as text) from audit_event where type = 'roles-changed' "
                + "and target_user_id = ?1", UUID.fromString(target));
        assertEquals(gaId, actor);
    }

    @Test
    void whenAdminAgentIsGrantedInACustomerTenantThenInvalidRequest() {
        String domain = newTenant();
        assertProblem(asOperator().body(userBody(domain, "ag", "ADMIN_AGENT")).post(users(domain)).then(), 400,
                "invalid-request").body("violations[0].field", equalTo("roles"));
        String provider = newTenant("indirect-provider");
        asOperator().body(userBody(provider, "ag", "ADMIN_AGENT")).post(users(provider)).then().statusCode(201);
    }

    @Test
    void whenUsersAreListedThenPagesFollowTheCursorInUserNameOrder() {
        String domain = newTenant();
        for (String name : List.of("cc", "aa", "bb")) {
            newUser(domain, name, GOOD_PASSWORD);
        }
        String next = asOperator().queryParam("limit", 2).get(users(domain)).then().statusCode(200)
                .body("items.userName", equalTo(List.of("aa@" + domain, "bb@" + domain)))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        asOperator().queryParam("limit", 2).queryParam("after", next).get(users(domain)).then().statusCode(200)
                .body("items.userName", equalTo(List.of("cc@" + domain))).body("nextCursor", nullValue());
        assertProblem(asOperator().queryParam("limit", 0).get(users(domain)).then(), 400, "invalid-request")
                .body("violations[0].field", equalTo("limit"));
        assertProblem(asOperator().queryParam("after", "%%%").get(users(domain)).then(), 400, "invalid-request");
    }
}
