package dev.identity.fleet;

import static dev.identity.fleet.Fleet.NEW_PASSWORD;
import static dev.identity.fleet.Fleet.PASSWORD;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.support.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md under several instances: two processes of the packaged service on 127.0.0.1 share one PostgreSQL
 * and one SMTP server, and a client may land on either for any step. Nothing of the service's state lives in
 * one process: flows, limits, the outbox and sessions are in the database.
 */
class MultiInstanceIT extends TwoInstances {

    @Override
    Map<String, String> settings() {
        return Map.of("IDENTITY_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "4/5m",
                "IDENTITY_RATE_LIMIT_RECOVERY_START_MAILS_PER_ACCOUNT_AND_ADDRESS", "3/1h");
    }

    private ServiceInstance other(ServiceInstance instance) {
        return instance == a ? b : a;
    }

    @Test
    void whenRecoveryStepsAlternateBetweenInstancesThenEveryFlowCompletes() {
        for (int i = 0; i < 4; i++) {
            ServiceInstance first = i % 2 == 0 ? a : b;
            ServiceInstance second = other(first);
            String user = "walker" + i + "@" + domain;
            Fleet.newUser(second, domain, "walker" + i);
            String flowId = Fleet.startRecovery(first, domain, user).statusCode(202).extract().path("flowId");
            String resetToken = Fleet.verify(second, flowId, Fleet.code(user, 1)).statusCode(200)
                    .body("status", equalTo("verified")).extract().path("resetToken");
            Fleet.reset(first, flowId, resetToken, NEW_PASSWORD).statusCode(204);
            // The token is spent on both instances, and the new password works on both.
            Fleet.reset(second, flowId, resetToken, PASSWORD).statusCode(410);
            Fleet.token(second, domain, user, NEW_PASSWORD);
            Fleet.signIn(first, domain, user, PASSWORD).statusCode(401);
        }
    }

    @Test
    void whenWrongPasswordsFromOneAddressAreCountedThenBothInstancesShareOneCount() {
        String user = "limited@" + domain;
        Fleet.newUser(a, domain, "limited");
        String stranger = "198.51.100.41";
        for (int i = 0; i < 4; i++) {
            from(i % 2 == 0 ? a : b, stranger).body(Map.of("userName", user, "password", "Wrong-Password-" + i))
                    .post("/api/v1/tenants/" + domain + "/sign-in").then().statusCode(401);
        }
        // Four wrong passwords from that address, two on each instance: it is held on either, even when right.
        for (ServiceInstance instance : List.of(a, b)) {
            from(instance, stranger).body(Map.of("userName", user, "password", PASSWORD))
                    .post("/api/v1/tenants/" + domain + "/sign-in").then().statusCode(429)
                    .contentType("application/problem+json").body("type", endsWith("/problems/rate-limited"))
                    .header("Retry-After", notNullValue());
        }
        // The owner, from an address of their own, signs in on either.
        for (ServiceInstance instance : List.of(a, b)) {
            from(instance, "203.0.113.41").body(Map.of("userName", user, "password", PASSWORD))
                    .post("/api/v1/tenants/" + domain + "/sign-in").then().statusCode(200);
        }
    }

    @Test
    void whenCodeMailsAreCappedThenBothInstancesShareOneCap() {
        String user = "starter@" + domain;
        Fleet.newUser(b, domain, "starter");
        for (int i = 0; i < 5; i++) {
            from(i % 2 == 0 ? a : b, "198.51.100.42").body(Map.of("userName", user))
                    .post("/api/v1/tenants/" + domain + "/recovery").then().statusCode(202);
        }
        Fleet.code(user, 3);
        // Three code mails from that address, whichever instance took the start; the rest went out as decoys.
        fleet.awaitOutboxEmpty(Duration.ofSeconds(30));
        assertEquals(3, Fleet.mailsTo(user));
    }

    /** A request to the instance as a trusted proxy would pass it on, naming the client. */
    private static io.restassured.specification.RequestSpecification from(ServiceInstance on, String address) {
        return on.api().header("X-Forwarded-For", address);
    }

    @Test
    void whenManyCodesAreQueuedOnBothInstancesThenEachMailIsSentExactlyOnce() throws Exception {
        int users = 40;
        List<Callable<String[]>> starts = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String localPart = "burst" + i;
            Fleet.newUser(i % 2 == 0 ? a : b, domain, localPart);
            ServiceInstance on = i % 2 == 0 ? a : b;
            starts.add(() -> new String[] {localPart + "@" + domain,
                    Fleet.startRecovery(on, domain, localPart + "@" + domain).statusCode(202).extract().path("flowId")});
        }
        List<String[]> flows = Concurrently.run(8, starts);
        fleet.awaitOutboxEmpty(Duration.ofSeconds(60));
        // Both dispatchers tick on over the same outbox: still one mail each.
        Awaitility.await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(10)).until(() ->
                flows.stream().allMatch(flow -> Fleet.mailsTo(flow[0]) == 1));
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < flows.size(); i++) {
            String user = flows.get(i)[0];
            assertEquals(1, Fleet.mailsTo(user), "mails to " + user);
            String code = Fleet.code(user, 1);
            codes.add(code);
            // The mail carries the code of this flow: it verifies on the instance that did not start it.
            Fleet.verify(i % 2 == 0 ? b : a, flows.get(i)[1], code).statusCode(200)
                    .body("status", equalTo("verified"));
        }
        assertEquals(users, codes.size(), "every flow has a code of its own");
        assertEquals(users, fleet.db.count("select count(*) from mail_outbox where recipient like 'burst%' "
                + "and sent_at is not null"));
        // With the SMTP server up all along nothing failed, and each sent code is in the audit once, whichever
        // instance's dispatcher (woken by the request, or its scheduled tick) sent it.
        assertEquals(List.of(), fleet.db.rows("select recipient, attempts, last_error from mail_outbox "
                + "where recipient like 'burst%' and attempts > 0"));
        assertEquals(users, fleet.db.count("select count(*) from audit_event e join app_user u on u.id = "
                + "e.target_user_id where e.type = 'recovery-code-sent' and u.user_name like 'burst%'"));
    }

    @Test
    void whenATokenIsRevokedOnOneInstanceThenTheOtherRefusesIt() {
        String user = "session@" + domain;
        Fleet.newUser(a, domain, "session");
        String token = Fleet.token(a, domain, user, PASSWORD);
        b.api().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).body("userName", equalTo(user));
        b.api().auth().oauth2(token).post("/api/v1/me/sign-out").then().statusCode(204);
        a.api().auth().oauth2(token).get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json");
        b.api().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void whenThePasswordIsResetOnOneInstanceThenSessionsOnTheOtherEnd() {
        String user = "resetter@" + domain;
        Fleet.newUser(a, domain, "resetter");
        String session = Fleet.token(b, domain, user, PASSWORD);
        a.api().auth().oauth2(session).body(Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);
        b.api().auth().oauth2(session).get("/api/v1/me").then().statusCode(401);
        Fleet.token(b, domain, user, NEW_PASSWORD);
    }
}
