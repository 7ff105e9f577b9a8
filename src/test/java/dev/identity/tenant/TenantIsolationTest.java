package dev.identity.tenant;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Api.userBody;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.identity.directory.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nothing of tenant A is readable or changeable by tenant B's admins; tenants belong to the operator. */
@QuarkusTest
class TenantIsolationTest {

    @Test
    void whenAnotherTenantsGlobalAdminReachesForTenantAThenForbiddenAndNothingChanges() {
        String a = newTenant();
        String b = newTenant();
        String aUser = newUser(a, "victim", GOOD_PASSWORD, "USER_ADMIN");
        String bAdmin = signedInUser(b, "intruder", "GLOBAL_ADMIN");

        assertProblem(as(bAdmin).get("/api/v1/tenants/" + a).then(), 403, "forbidden");
        assertProblem(as(bAdmin).get("/api/v1/tenants/" + a + "/users").then(), 403, "forbidden");
        assertProblem(as(bAdmin).get("/api/v1/tenants/" + a + "/users/" + aUser).then(), 403, "forbidden");
        assertProblem(as(bAdmin).body(Map.of("displayName", "Hacked")).patch("/api/v1/tenants/" + a).then(), 403,
                "forbidden");
        assertProblem(as(bAdmin).body(Map.of("roles", List.of())).patch("/api/v1/tenants/" + a + "/users/" + aUser)
                .then(), 403, "forbidden");
        assertProblem(as(bAdmin).body(userBody(a, "planted", "GLOBAL_ADMIN")).post("/api/v1/tenants/" + a + "/users")
                .then(), 403, "forbidden");

        asOperator().get("/api/v1/tenants/" + a + "/users/" + aUser).then().statusCode(200)
                .body("roles", equalTo(List.of("USER_ADMIN")));
        asOperator().get("/api/v1/tenants/" + a).then().body("displayName", equalTo("Tenant " + a.substring(1, 6)));
    }

    @Test
    void whenAUserOfTenantAIsAddressedThroughTenantBThenNotFound() {
        String a = newTenant();
        String b = newTenant();
        String aUser = newUser(a, "someone", GOOD_PASSWORD);
        String bAdmin = signedInUser(b, "admin", "GLOBAL_ADMIN");
        assertProblem(as(bAdmin).get("/api/v1/tenants/" + b + "/users/" + aUser).then(), 404, "not-found");
        assertProblem(as(bAdmin).body(Map.of("enabled", false)).patch("/api/v1/tenants/" + b + "/users/" + aUser)
                .then(), 404, "not-found");
    }

    @Test
    void whenSomeoneOtherThanTheOperatorCreatesATenantThenRefused() {
        String domain = newTenant();
        String ga = signedInUser(domain, "ga", "GLOBAL_ADMIN");
        Map<String, Object> body = Map.of("domain", "mine.example", "displayName", "Mine", "kind", "customer");
        assertProblem(as(ga).body(body).post("/api/v1/tenants").then(), 403, "forbidden");
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/v1/tenants").then(), 401,
                "unauthorized");
        assertProblem(as("wrong-operator-token").body(body).post("/api/v1/tenants").then(), 401, "unauthorized");
    }

    @Test
    void whenATenantDomainIsReusedInAnyCaseThenConflict() {
        String domain = newTenant();
        assertProblem(asOperator().body(Map.of("domain", domain.toUpperCase(), "displayName", "Copy", "kind",
                "customer")).post("/api/v1/tenants").then(), 409, "conflict");
    }

    @Test
    void whenTenantIsAddressedInAnyCaseThenItIsFound() {
        String domain = newTenant();
        asOperator().get("/api/v1/tenants/" + domain.toUpperCase()).then().statusCode(200)
                .body("domain", equalTo(domain)).body("kind", equalTo("customer"))
                .body("selfServiceReset", equalTo(true)).body("supportContact", equalTo("help@" + domain));
    }

    @Test
    void whenGlobalAdminPatchesTheirTenantThenItChangesButAHelpdeskAdminMayOnlyRead() {
        String domain = newTenant();
        String ga = signedInUser(domain, "ga", "GLOBAL_ADMIN");
        String helpdesk = signedInUser(domain, "hd", "HELPDESK_ADMIN");
        as(ga).body(Map.of("displayName", "Renamed Org", "supportContact", "it@" + domain))
                .patch("/api/v1/tenants/" + domain).then().statusCode(200)
                .body("displayName", equalTo("Renamed Org")).body("supportContact", equalTo("it@" + domain));
        as(helpdesk).get("/api/v1/tenants/" + domain).then().statusCode(200);
        assertProblem(as(helpdesk).body(Map.of("displayName", "Nope")).patch("/api/v1/tenants/" + domain).then(), 403,
                "forbidden");
    }

    @Test
    void whenTenantIsUnknownThenNotFound() {
        assertProblem(asOperator().get("/api/v1/tenants/unknown-tenant.example").then(), 404, "not-found");
        assertProblem(asOperator().get("/api/v1/tenants/unknown-tenant.example/users").then(), 404, "not-found");
    }
}
