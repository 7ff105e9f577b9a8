package dev.identity.adminreset;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import dev.identity.support.HeldRowLock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** DESIGN.md sections 1 and 2 in the global deployment: resets on a user's behalf, within the role matrix. */
@QuarkusTest
class OnBehalfResetTest {

    @Inject
    Db db;
    @Inject
    AgroalDataSource dataSource;

    static ValidatableResponse reset(RequestSpecification caller, String domain, String userId, Object body) {
        return caller.body(body).post("/api/v1/tenants/" + domain + "/users/" + userId + "/password-reset").then();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String refusalReason(String domain, String type) {
        return (String) db.single("""
                select reason from audit_event where type = ?2 and outcome = 'refused'
                  and tenant_id = (select id from tenant where domain = ?1) order by occurred_at desc limit 1""",
                domain, type);
    }

    @Test
    void whenAGlobalAdminResetsAUserThenATemporaryPasswordIsSetSessionsAreRevokedAndTheUserIsMailed() throws Exception {
        String domain = newTenant();
        String admin = signedInUser(domain, "boss", "GLOBAL_ADMIN");
        String bob = newUser(domain, "bob", GOOD_PASSWORD);
        String before = signIn(domain, "bob", GOOD_PASSWORD);
        String temporary = reset(as(admin), domain, bob, Map.of()).statusCode(200)
                .header("Cache-Control", "no-store")
                .body("passwordChangeRequired", equalTo(true)).extract().path("temporaryPassword");
        assertTrue(temporary.length() >= 20, "128 bits or more: " + temporary.length());
        as(before).get("/api/v1/me").then().statusCode(401);
        signInResponse(domain, "bob@" + domain, GOOD_PASSWORD).statusCode(401);
        signInResponse(domain, "bob@" + domain, temporary).statusCode(200).body("passwordChangeRequired", equalTo(true));
        MimeMessage told = GreenMailResource.await("bob@" + domain, 1, Duration.ofSeconds(20)).get(0);
        assertEquals("Your password was reset", subject(told));
        assertTrue(String.valueOf(told.getContent()).contains("by an administrator of your organisation"));
        assertTrue(!String.valueOf(told.getContent()).contains(temporary), "the mail never holds the password");
        assertEquals(1L, ((Number) db.single("""
                select count(*) from audit_event where type = 'on-behalf-reset' and outcome = 'success'
                  and target_user_id = ?1""", UUID.fromString(bob))).longValue());
    }

    @Test
    void whenTheTemporaryPasswordIsGivenThenThePolicyAppliesToIt() {
        String domain = newTenant();
        String admin = signedInUser(domain, "boss", "USER_ADMIN");
        String bob = newUser(domain, "bob", GOOD_PASSWORD);
        assertProblem(reset(as(admin), domain, bob, Map.of("temporaryPassword", "short")), 422, "password-policy")
                .body("violations.field", hasItem("temporaryPassword"));
        reset(as(admin), domain, bob, Map.of("temporaryPassword", "Harbor-Quartz-Meadow-27")).statusCode(200)
                .body("temporaryPassword", equalTo("Harbor-Quartz-Meadow-27"));
        signInResponse(domain, "bob@" + domain, "Harbor-Quartz-Meadow-27").statusCode(200)
                .body("passwordChangeRequired", equalTo(true));
    }

    @Test
    void whenTheOperatorResetsThenItIsSupportAndAnAdminTargetsOtherGlobalAdminsAreMailed() {
        String domain = newTenant();
        newUser(domain, "ga1", GOOD_PASSWORD, "GLOBAL_ADMIN");
        String target = newUser(domain, "helper", GOOD_PASSWORD, "HELPDESK_ADMIN");
        reset(asOperator(), domain, target, Map.of()).statusCode(200);
        MimeMessage toTarget = GreenMailResource.await("helper@" + domain, 1, Duration.ofSeconds(20)).get(0);
        assertEquals("Your password was reset", subject(toTarget));
        MimeMessage toAdmin = GreenMailResource.await("ga1@" + domain, 1, Duration.ofSeconds(20)).get(0);
        assertEquals("An administrator's password was changed", subject(toAdmin));
    }

    @Test
    void whenTheCallersRoleDoesNotReachTheTargetThenItIs403RoleNotPermittedAndAudited() {
        String domain = newTenant();
        String password = signedInUser(domain, "pw", "PASSWORD_ADMIN");
        String helper = newUser(domain, "helper", GOOD_PASSWORD, "HELPDESK_ADMIN");
        assertProblem(reset(as(password), domain, helper, Map.of()), 403, "role-not-permitted");
        assertEquals("role-not-permitted", refusalReason(domain, "on-behalf-reset"));
        signIn(domain, "helper", GOOD_PASSWORD);

        String plain = signedInUser(domain, "plain");
        String other = newUser(domain, "other", GOOD_PASSWORD);
        assertProblem(reset(as(plain), domain, other, Map.of()), 403, "role-not-permitted");
        String userAdmin = signedInUser(domain, "ua", "USER_ADMIN");
        String global = newUser(domain, "ga", GOOD_PASSWORD, "GLOBAL_ADMIN");
        assertProblem(reset(as(userAdmin), domain, global, Map.of()), 403, "role-not-permitted");
    }

    /**
     * DESIGN.md 2: the role matrix is decided again under the target's row lock, just before the password is stored.
     * The test's transaction holds that lock (as a concurrent role change would) while the reset has computed its
     * hash and waits for the row, promotes the target to GLOBAL_ADMIN, and lets go: the reset is refused.
     */
    @Test
    void whenTheTargetIsPromotedWhileTheResetWaitsThenTheResetIsRefusedAndNothingIsStored() throws Exception {
        String domain = newTenant();
        String userAdmin = signedInUser(domain, "ua", "USER_ADMIN");
        String target = newUser(domain, "rising", GOOD_PASSWORD);
        Object hashBefore = db.single("select password_hash from app_user where id = ?1", UUID.fromString(target));
        CompletableFuture<ValidatableResponse> reset;
        try (HeldRowLock lock = HeldRowLock.take(dataSource, "select 1 from app_user where id = ? for update",
                UUID.fromString(target))) {
            reset = CompletableFuture.supplyAsync(() -> reset(as(userAdmin), domain, target, Map.of()));
            lock.awaitWaiter("for update of u");
            lock.update("update app_user set roles = '{GLOBAL_ADMIN}', version = version + 1 where id = ?",
                    UUID.fromString(target));
            lock.commit();
        }
        assertProblem(reset.get(60, TimeUnit.SECONDS), 403, "role-not-permitted");
        assertEquals(hashBefore, db.single("select password_hash from app_user where id = ?1",
                UUID.fromString(target)));
        assertEquals("role-not-permitted", refusalReason(domain, "on-behalf-reset"));
        signIn(domain, "rising", GOOD_PASSWORD);
    }

    @Test
    void whenAnAdminTargetsTheirOwnPasswordThenItIsRefused() {
        String domain = newTenant();
        String ga = newUser(domain, "self", GOOD_PASSWORD, "GLOBAL_ADMIN");
        String token = signIn(domain, "self", GOOD_PASSWORD);
        assertProblem(reset(as(token), domain, ga, Map.of()), 403, "role-not-permitted");
    }

    @Test
    void whenAnotherTenantsAdminResetsThenItIs403ForbiddenAndTheUsersExistenceIsNotTold() {
        String domain = newTenant();
        String bob = newUser(domain, "bob", GOOD_PASSWORD);
        String elsewhere = newTenant();
        String stranger = signedInUser(elsewhere, "boss", "GLOBAL_ADMIN");
        assertProblem(reset(as(stranger), domain, bob, Map.of()), 403, "forbidden");
        assertProblem(reset(as(stranger), domain, UUID.randomUUID().toString(), Map.of()), 403, "forbidden");
        assertEquals("not-your-tenant", refusalReason(domain, "on-behalf-reset"));
        signIn(domain, "bob", GOOD_PASSWORD);
    }

    @Test
    void whenTheUserOrTenantIsUnknownThenItIs404AndWithoutATokenItIs401() {
        String domain = newTenant();
        String admin = signedInUser(domain, "boss", "GLOBAL_ADMIN");
        assertProblem(reset(as(admin), domain, UUID.randomUUID().toString(), Map.of()), 404, "not-found");
        assertProblem(reset(as(admin), "nowhere.example", UUID.randomUUID().toString(), Map.of()), 404, "not-found");
        assertProblem(reset(given().contentType("application/json"), domain, UUID.randomUUID().toString(), Map.of()),
                401, "unauthorized");
        assertProblem(reset(as(admin), domain, UUID.randomUUID().toString(), Map.of("extra", 1)), 400,
                "invalid-request");
    }

    @Test
    void whenTheDeploymentIsReadThenGlobalAllowsEveryPathWithItsSupportContact() {
        given().get("/api/v1/deployment").then().statusCode(200)
                .body("deployment", equalTo("global")).body("selfServiceRecovery", equalTo(true))
                .body("selfServiceCanBeTurnedOff", equalTo(true)).body("adminResetOnBehalf", equalTo(true))
                .body("delegatedReset", equalTo(true)).body("delegatedGlobalAdminCreation", equalTo(true))
                .body("supportContact", equalTo("support@identity.test"));
    }

    @Test
    void whenATenantTurnsSelfServiceOffInGlobalThenItIsAllowedAndRecoveryStartIs403WithTheTenantsContact() {
        String domain = newTenant();
        String admin = signedInUser(domain, "boss", "GLOBAL_ADMIN");
        as(admin).body(Map.of("selfServiceReset", false)).patch("/api/v1/tenants/" + domain).then().statusCode(200)
                .body("selfServiceReset", equalTo(false));
        assertProblem(given().contentType("application/json").body(Map.of("userName", "boss@" + domain))
                .post("/api/v1/tenants/" + domain + "/recovery").then(), 403, "self-service-disabled")
                .body("supportContact", equalTo("help@" + domain));
    }
}
