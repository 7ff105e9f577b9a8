package dev.identity.delegation;

import static dev.identity.delegation.DelegationTest.approve;
import static dev.identity.delegation.DelegationTest.ask;
import static dev.identity.delegation.DelegationTest.createAdmin;
import static dev.identity.delegation.DelegationTest.delegatedReset;
import static dev.identity.delegation.DelegationTest.terminate;
import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 1 in the 21vianet deployment: self-service is the only way back in. No on-behalf reset for
 * anyone, no delegated administration at all, and self-service cannot be turned off.
 */
@QuarkusTest
@TestProfile(VianetDeploymentTest.Vianet.class)
class VianetDeploymentTest {

    public static final class Vianet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.deployment", "21vianet", "identity.support-contact", "support@partner.example.cn");
        }
    }

    @Inject
    Db db;

    private long refusals(String domain, String type, String rule) {
        return ((Number) db.single("""
                select count(*) from audit_event where type = ?2 and outcome = 'refused' and reason = ?3
                  and tenant_id = (select id from tenant where domain = ?1)""", domain, type, rule)).longValue();
    }

    @Test
    void whenTheDeploymentIsReadThenOnlySelfServiceIsAllowedWithThePartnersSupportContact() {
        given().get("/api/v1/deployment").then().statusCode(200)
                .body("deployment", equalTo("21vianet")).body("selfServiceRecovery", equalTo(true))
                .body("selfServiceCanBeTurnedOff", equalTo(false)).body("adminResetOnBehalf", equalTo(false))
                .body("delegatedReset", equalTo(false)).body("delegatedGlobalAdminCreation", equalTo(false))
                .body("supportContact", equalTo("support@partner.example.cn"));
    }

    @Test
    void whenAnyoneResetsOnBehalfIn21vianetThenItIs403OnBehalfResetBlockedGlobalAdminAndOperatorIncluded() {
        String domain = newTenant();
        String ga = signedInUser(domain, "boss", "GLOBAL_ADMIN");
        String bob = newUser(domain, "bob", GOOD_PASSWORD);
        for (var caller : List.of(as(ga), asOperator(), as(signedInUser(domain, "ua", "USER_ADMIN")),
                as(signedInUser(domain, "plain")))) {
            assertProblem(caller.body(Map.of()).post("/api/v1/tenants/" + domain + "/users/" + bob + "/password-reset")
                    .then(), 403, "on-behalf-reset-blocked");
        }
        assertEquals(4, refusals(domain, "on-behalf-reset", "on-behalf-reset-blocked"));
        signIn(domain, "bob", GOOD_PASSWORD);
    }

    @Test
    void whenSelfServiceIsTurnedOffIn21vianetThenItIs409AndRecoveryStillWorks() {
        String domain = newTenant();
        String ga = signedInUser(domain, "boss", "GLOBAL_ADMIN");
        assertProblem(as(ga).body(Map.of("selfServiceReset", false)).patch("/api/v1/tenants/" + domain).then(), 409,
                "conflict");
        assertProblem(asOperator().body(Map.of("domain", "off-" + UUID.randomUUID().toString().substring(0, 8)
                + ".example", "displayName", "Off", "kind", "customer", "selfServiceReset", false))
                .post("/api/v1/tenants").then(), 409, "conflict");
        assertEquals(1, refusals(domain, "tenant-updated", "self-service-required"));
        // Even a tenant stored with the switch off (from a global past) recovers.
        db.update("update tenant set self_service_reset = false where domain = ?1", domain);
        as(ga).get("/api/v1/tenants/" + domain).then().body("selfServiceReset", equalTo(true));
        given().contentType("application/json").body(Map.of("userName", "boss@" + domain))
                .post("/api/v1/tenants/" + domain + "/recovery").then().statusCode(202);
    }

    @Test
    void whenAnyDelegationEndpointIsCalledIn21vianetThenItIs403DelegationNotAvailable() {
        String provider = newTenant("indirect-provider");
        String customer = newTenant();
        String agent = signedInUser(provider, "agent", "ADMIN_AGENT");
        String customerAdmin = signedInUser(customer, "boss", "GLOBAL_ADMIN");
        String bob = newUser(customer, "bob", GOOD_PASSWORD);
        String slug = "delegation-not-available";
        assertProblem(ask(as(agent), customer, provider, List.of("GLOBAL_ADMIN"), 30), 403, slug);
        assertProblem(ask(asOperator(), customer, provider, List.of("GLOBAL_ADMIN"), 30), 403, slug);
        assertProblem(as(customerAdmin).get("/api/v1/tenants/" + customer + "/delegated-admin-relationships").then(),
                403, slug);
        String id = UUID.randomUUID().toString();
        assertProblem(approve(as(customerAdmin), customer, id), 403, slug);
        assertProblem(terminate(as(customerAdmin), customer, id), 403, slug);
        // Even a relationship left from a global past gives nothing.
        db.update("""
                insert into delegated_admin_relationship (id, provider_tenant_id, customer_tenant_id, roles,
                    duration_days, status, created_at, request_expires_at, activated_at, expires_at)
                values (?1, (select id from tenant where domain = ?2), (select id from tenant where domain = ?3),
                    '{GLOBAL_ADMIN}', 30, 'active', now(), now() + interval '90 days', now(), now() + interval '30 days')""",
                UUID.randomUUID(), provider, customer);
        assertProblem(delegatedReset(as(agent), provider, customer, bob), 403, slug);
        assertProblem(createAdmin(as(agent), provider, customer, "newboss"), 403, slug);
        assertEquals(1, refusals(customer, "delegated-reset", slug));
        signIn(customer, "bob", GOOD_PASSWORD);
    }
}
