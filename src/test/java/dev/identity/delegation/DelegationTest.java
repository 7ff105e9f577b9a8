package dev.identity.delegation;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 3 in the global deployment: relationships asked by a provider's agent and approved by the
 * customer, or made by the operator; delegated resets and global-admin creation only through an active one whose
 * roles reach the target; every refusal with its slug and an audit event naming the rule.
 */
@QuarkusTest
class DelegationTest {

    @Inject
    Db db;
    @Inject
    AgroalDataSource dataSource;

    /** A provider with an ADMIN_AGENT, and a customer with a global admin and a plain user. */
    record World(String provider, String customer, String agent, String customerAdmin, String plainUserId) {
    }

    private World world() {
        String provider = newTenant("indirect-provider");
        String customer = newTenant();
        String agent = signedInUser(provider, "agent", "ADMIN_AGENT");
        String customerAdmin = signedInUser(customer, "boss", "GLOBAL_ADMIN");
        String plain = newUser(customer, "bob", GOOD_PASSWORD);
        return new World(provider, customer, agent, customerAdmin, plain);
    }

    static ValidatableResponse ask(RequestSpecification caller, String customer, String provider, List<String> roles,
            int days) {
        return caller.body(Map.of("providerTenant", provider, "roles", roles, "durationDays", days))
                .post("/api/v1/tenants/" + customer + "/delegated-admin-relationships").then();
    }

    static ValidatableResponse approve(RequestSpecification caller, String customer, String id) {
        return caller.post("/api/v1/tenants/" + customer + "/delegated-admin-relationships/" + id + "/approve").then();
    }

    static ValidatableResponse terminate(RequestSpecification caller, String customer, String id) {
        return caller.post("/api/v1/tenants/" + customer + "/delegated-admin-relationships/" + id + "/terminate").then();
    }

    static ValidatableResponse delegatedReset(RequestSpecification caller, String provider, String customer,
            String userId) {
        return caller.body(Map.of()).post("/api/v1/providers/" + provider + "/customers/" + customer + "/users/"
                + userId + "/password-reset").then();
    }

    static ValidatableResponse createAdmin(RequestSpecification caller, String provider, String customer,
            String local) {
        return caller.body(Map.of("userName", local + "@" + customer, "displayName", "Admin " + local,
                "email", local + "@" + customer)).post("/api/v1/providers/" + provider + "/customers/" + customer
                + "/global-admins").then();
    }

    private String activeRelationship(World w, String... roles) {
        String id = ask(as(w.agent()), w.customer(), w.provider(), List.of(roles), 30).statusCode(201)
                .body("status", equalTo("pending")).extract().path("id");
        approve(as(w.customerAdmin()), w.customer(), id).statusCode(200).body("status", equalTo("active"));
        return id;
    }

    private String lastRefusal(String customer, String type) {
        return (String) db.single("""
                select reason from audit_event where type = ?2 and outcome = 'refused'
                  and tenant_id = (select id from tenant where domain = ?1) order by occurred_at desc limit 1""",
                customer, type);
    }

    private static List<String> subjects(String address, int count) {
        return GreenMailResource.await(address, count, Duration.ofSeconds(20)).stream().map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    // ---- relationships --------------------------------------------------------------------------------------

    @Test
    void whenAnAgentAsksThenTheRelationshipIsPendingUntilTheCustomersGlobalAdminApprovesIt() {
        World w = world();
        String id = ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 180).statusCode(201)
                .body("status", equalTo("pending")).body("providerTenant", equalTo(w.provider()))
                .body("customerTenant", equalTo(w.customer())).body("roles", equalTo(List.of("PASSWORD_ADMIN")))
                .extract().path("id");
        approve(as(w.customerAdmin()), w.customer(), id).statusCode(200).body("status", equalTo("active"))
                .body("durationDays", equalTo(180));
        assertProblem(approve(as(w.customerAdmin()), w.customer(), id), 409, "conflict");
        as(w.customerAdmin()).get("/api/v1/tenants/" + w.customer() + "/delegated-admin-relationships").then()
                .statusCode(200).body("id", equalTo(List.of(id))).body("status", equalTo(List.of("active")));
        as(w.agent()).get("/api/v1/tenants/" + w.customer() + "/delegated-admin-relationships").then()
                .statusCode(200).body("id", equalTo(List.of(id)));
    }

    @Test
    void whenARelationshipIsApprovedThenItsDurationCountsFromActivation() {
        World w = world();
        String id = ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 45).statusCode(201)
                .extract().path("id");
        db.update("update delegated_admin_relationship set created_at = now() - interval '20 days' where id = ?1",
                UUID.fromString(id));
        var approved = approve(as(w.customerAdmin()), w.customer(), id).statusCode(200).extract();
        java.time.Instant activated = java.time.Instant.parse(approved.path("activatedAt"));
        java.time.Instant expires = java.time.Instant.parse(approved.path("expiresAt"));
        assertEquals(Duration.ofDays(45), Duration.between(activated, expires));
        assertTrue(Duration.between(java.time.Instant.now(), expires).toDays() >= 44, "not counted from the request");
    }

    @Test
    void whenARequestIsNotAnsweredWithinNinetyDaysThenItExpiresAndCannotBeApproved() {
        World w = world();
        String id = ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 30).statusCode(201)
                .extract().path("id");
        db.update("update delegated_admin_relationship set request_expires_at = now() - interval '1 second' "
                + "where id = ?1", UUID.fromString(id));
        as(w.customerAdmin()).get("/api/v1/tenants/" + w.customer() + "/delegated-admin-relationships").then()
                .body("status", equalTo(List.of("expired")));
        assertProblem(approve(as(w.customerAdmin()), w.customer(), id), 409, "conflict");
    }

    @Test
    void whenARequestIsMadeThenItLapsesNinetyDaysLater() {
        World w = world();
        var created = ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 30).statusCode(201)
                .extract();
        assertEquals(Duration.ofDays(90), Duration.between(java.time.Instant.parse(created.path("createdAt")),
                java.time.Instant.parse(created.path("expiresAt"))));
    }

    @Test
    void whenTheOperatorCreatesARelationshipThenItIsActiveAtOnce() {
        World w = world();
        ask(asOperator(), w.customer(), w.provider(), List.of("GLOBAL_ADMIN"), 1).statusCode(201)
                .body("status", equalTo("active"));
    }

    @Test
    void whenTheRequestIsMalformedThenItIs400() {
        World w = world();
        assertProblem(ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 0), 400, "invalid-request");
        assertProblem(ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 731), 400,
                "invalid-request");
        assertProblem(ask(as(w.agent()), w.customer(), w.provider(), List.of(), 30), 400, "invalid-request");
        assertProblem(ask(as(w.agent()), w.customer(), w.provider(), List.of("ADMIN_AGENT"), 30), 400,
                "invalid-request");
        assertProblem(ask(asOperator(), w.customer(), newTenant(), List.of("PASSWORD_ADMIN"), 30), 400,
                "invalid-request").body("violations[0].rule", equalTo("not-an-indirect-provider"));
        ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 730).statusCode(201);
    }

    @Test
    void whenSomeoneWithoutStandingHandlesARelationshipThenTheyAreRefusedWithTheRightSlug() {
        World w = world();
        String customerUserAdmin = signedInUser(w.customer(), "ua", "USER_ADMIN");
        String providerPlain = signedInUser(w.provider(), "plainp");
        String stranger = signedInUser(newTenant(), "x", "GLOBAL_ADMIN");
        assertProblem(ask(as(w.customerAdmin()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 30), 403,
                "role-not-permitted");
        assertProblem(ask(as(providerPlain), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 30), 403,
                "role-not-permitted");
        assertProblem(ask(as(stranger), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 30), 403, "forbidden");
        String id = ask(as(w.agent()), w.customer(), w.provider(), List.of("PASSWORD_ADMIN"), 30).statusCode(201)
                .extract().path("id");
        assertProblem(approve(as(customerUserAdmin), w.customer(), id), 403, "role-not-permitted");
        assertProblem(approve(as(w.agent()), w.customer(), id), 403, "role-not-permitted");
        assertEquals("role-not-permitted", lastRefusal(w.customer(), "delegated-relationship-approved"));
        assertProblem(approve(as(w.customerAdmin()), w.customer(), UUID.randomUUID().toString()), 404, "not-found");
    }

    // ---- delegated reset ---------------------------------------------------------------------------------------

    @Test
    void whenAnAgentResetsThroughAnActiveRelationshipThenTheUserAndTheCustomersGlobalAdminsAreMailed() {
        World w = world();
        activeRelationship(w, "PASSWORD_ADMIN");
        String before = signIn(w.customer(), "bob", GOOD_PASSWORD);
        String temporary = delegatedReset(as(w.agent()), w.provider(), w.customer(), w.plainUserId()).statusCode(200)
                .body("passwordChangeRequired", equalTo(true)).extract().path("temporaryPassword");
        as(before).get("/api/v1/me").then().statusCode(401);
        signInResponse(w.customer(), "bob@" + w.customer(), temporary).statusCode(200)
                .body("passwordChangeRequired", equalTo(true));
        assertEquals(List.of("Your password was reset"), subjects("bob@" + w.customer(), 1));
        assertEquals(List.of("A partner reset a password in your organisation"), subjects("boss@" + w.customer(), 1));
        assertEquals(1L, ((Number) db.single("""
                select count(*) from audit_event where type = 'delegated-reset' and outcome = 'success'
                  and target_user_id = ?1 and actor_tenant_id = (select id from tenant where domain = ?2)""",
                UUID.fromString(w.plainUserId()), w.provider())).longValue());
    }

    /**
     * DESIGN.md 3: the relationship is decided again under the target's row lock, just before the password is
     * stored. While the reset waits for the row (held by the test's transaction), the relationship is terminated and
     * committed: the reset is refused and the password stays.
     */
    @Test
    void whenTheRelationshipIsTerminatedWhileTheResetWaitsThenTheResetIsRefusedAndNothingIsStored() throws Exception {
        World w = world();
        String relationship = activeRelationship(w, "PASSWORD_ADMIN");
        UUID target = UUID.fromString(w.plainUserId());
        CompletableFuture<ValidatableResponse> reset;
        try (HeldRowLock lock = HeldRowLock.take(dataSource, "select 1 from app_user where id = ? for update",
                target)) {
            reset = CompletableFuture.supplyAsync(() -> delegatedReset(as(w.agent()), w.provider(), w.customer(),
                    w.plainUserId()));
            lock.awaitWaiter("for update of u");
            lock.update("update delegated_admin_relationship set status = 'terminated', terminated_at = now() "
                    + "where id = ?", UUID.fromString(relationship));
            lock.commit();
        }
        assertProblem(reset.get(60, TimeUnit.SECONDS), 403, "no-delegated-relationship");
        signIn(w.customer(), "bob", GOOD_PASSWORD);
        assertEquals("no-delegated-relationship", lastRefusal(w.customer(), "delegated-reset"));
    }

    @Test
    void whenTheRelationshipsRolesDoNotReachTheTargetThenItIs403RoleNotPermitted() {
        World w = world();
        activeRelationship(w, "PASSWORD_ADMIN");
        String userAdmin = newUser(w.customer(), "ua", GOOD_PASSWORD, "USER_ADMIN");
        assertProblem(delegatedReset(as(w.agent()), w.provider(), w.customer(), userAdmin), 403, "role-not-permitted");
        assertEquals("role-not-permitted", lastRefusal(w.customer(), "delegated-reset"));
        signIn(w.customer(), "ua", GOOD_PASSWORD);
    }

    @Test
    void whenTheProviderHasNoRelationshipOrOnlyAPendingExpiredOrTerminatedOneThenItIs403NoDelegatedRelationship() {
        World w = world();
        assertProblem(delegatedReset(as(w.agent()), w.provider(), w.customer(), w.plainUserId()), 403,
                "no-delegated-relationship");
        String id = ask(as(w.agent()), w.customer(), w.provider(), List.of("GLOBAL_ADMIN"), 30).statusCode(201)
                .extract().path("id");
        assertProblem(delegatedReset(as(w.agent()), w.provider(), w.customer(), w.plainUserId()), 403,
                "no-delegated-relationship");
        approve(as(w.customerAdmin()), w.customer(), id).statusCode(200);
        db.update("update delegated_admin_relationship set expires_at = now() - interval '1 second' where id = ?1",
                UUID.fromString(id));
        assertProblem(delegatedReset(as(w.agent()), w.provider(), w.customer(), w.plainUserId()), 403,
                "no-delegated-relationship");
        as(w.customerAdmin()).get("/api/v1/tenants/" + w.customer() + "/delegated-admin-relationships").then()
                .body("status", equalTo(List.of("expired")));
        assertProblem(terminate(as(w.customerAdmin()), w.customer(), id), 409, "conflict");

        String second = activeRelationship(w, "GLOBAL_ADMIN");
        terminate(as(w.agent()), w.customer(), second).statusCode(200).body("status", equalTo("terminated"));
        assertProblem(delegatedReset(as(w.agent()), w.provider(), w.customer(), w.plainUserId()), 403,
                "no-delegated-relationship");
        assertEquals("no-delegated-relationship", lastRefusal(w.customer(), "delegated-reset"));
        signIn(w.customer(), "bob", GOOD_PASSWORD);
    }

    @Test
    void whenTheCallerIsNotTheProvidersAgentThenItIsRefused() {
        World w = world();
        activeRelationship(w, "GLOBAL_ADMIN");
        String providerPlain = signedInUser(w.provider(), "plainp");
        String providerAdmin = signedInUser(w.provider(), "gap", "GLOBAL_ADMIN");
        String customerUser = signIn(w.customer(), "bob", GOOD_PASSWORD);
        String stranger = signedInUser(newTenant("indirect-provider"), "agent", "ADMIN_AGENT");
        assertProblem(delegatedReset(as(providerPlain), w.provider(), w.customer(), w.plainUserId()), 403,
                "role-not-permitted");
        assertProblem(delegatedReset(as(providerAdmin), w.provider(), w.customer(), w.plainUserId()), 403,
                "role-not-permitted");
        assertProblem(delegatedReset(as(customerUser), w.provider(), w.customer(), w.plainUserId()), 403,
                "role-not-permitted");
        assertProblem(delegatedReset(as(stranger), w.provider(), w.customer(), w.plainUserId()), 403, "forbidden");
        assertProblem(delegatedReset(asOperator(), w.provider(), w.customer(), w.plainUserId()), 403, "forbidden");
        assertEquals("not-your-tenant", lastRefusal(w.customer(), "delegated-reset"));
        signIn(w.customer(), "bob", GOOD_PASSWORD);
    }

    // ---- delegated global admin ------------------------------------------------------------------------------

    @Test
    void whenTheRelationshipGrantsGlobalAdminThenTheAgentCreatesOneAndTheCustomersGlobalAdminsAreTold() {
        World w = world();
        activeRelationship(w, "GLOBAL_ADMIN");
        String temporary = createAdmin(as(w.agent()), w.provider(), w.customer(), "newboss").statusCode(201)
                .body("user.roles", equalTo(List.of("GLOBAL_ADMIN")))
                .body("user.passwordChangeRequired", equalTo(true)).extract().path("temporaryPassword");
        signInResponse(w.customer(), "newboss@" + w.customer(), temporary).statusCode(200);
        assertEquals(List.of("A partner created a global admin in your organisation"),
                subjects("boss@" + w.customer(), 1));
        assertProblem(createAdmin(as(w.agent()), w.provider(), w.customer(), "newboss"), 409, "conflict");
    }

    @Test
    void whenTheRelationshipDoesNotGrantGlobalAdminThenCreatingOneIs403RoleNotPermitted() {
        World w = world();
        activeRelationship(w, "USER_ADMIN", "HELPDESK_ADMIN");
        assertProblem(createAdmin(as(w.agent()), w.provider(), w.customer(), "nope"), 403, "role-not-permitted");
        assertEquals("role-not-permitted", lastRefusal(w.customer(), "delegated-global-admin-created"));
        as(w.customerAdmin()).get("/api/v1/tenants/" + w.customer() + "/users").then()
                .body("items.userName", hasItems("boss@" + w.customer()));
        assertEquals(0L, ((Number) db.single("select count(*) from app_user where user_name = ?1",
                "nope@" + w.customer())).longValue());
    }

    @Test
    void whenANonAgentTriesToCreateAGlobalAdminThenItIsRefused() {
        World w = world();
        activeRelationship(w, "GLOBAL_ADMIN");
        String providerPlain = signedInUser(w.provider(), "plainp");
        assertProblem(createAdmin(as(providerPlain), w.provider(), w.customer(), "nope"), 403, "role-not-permitted");
        assertProblem(createAdmin(as(w.customerAdmin()), w.provider(), w.customer(), "nope"), 403,
                "role-not-permitted");
        assertTrue(((Number) db.single("select count(*) from app_user where user_name = ?1",
                "nope@" + w.customer())).longValue() == 0);
    }
}
