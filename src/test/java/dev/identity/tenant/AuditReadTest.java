package dev.identity.tenant;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.code;
import static dev.identity.support.Recovery.reset;
import static dev.identity.support.Recovery.resetToken;
import static dev.identity.support.Recovery.start;
import static dev.identity.support.Recovery.verify;
import static dev.identity.support.Recovery.wrong;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 8: recovery is audited, and the tenant's global admins read the trail. */
@QuarkusTest
class AuditReadTest {

    @Test
    void whenRecoveryRunsThenStartCodeSentVerifyLockAndResetAreAuditEventsHoldingNoCodeTokenOrPassword() {
        String domain = newTenant();
        String admin = signedInUser(domain, "auditor", "GLOBAL_ADMIN");
        String userId = newUser(domain, "walker", GOOD_PASSWORD);
        String user = "walker@" + domain;

        String locked = start(domain, user);
        String firstCode = code(user, 1);
        for (int i = 0; i < 5; i++) {
            verify(locked, "email", wrong(firstCode)).statusCode(400);
        }
        start(domain, "nobody@" + domain);
        String flow = start(domain, user);
        String code = code(user, 2);
        String token = resetToken(flow, code);
        reset(flow, token, "short").statusCode(422);
        reset(flow, token, OTHER_GOOD_PASSWORD).statusCode(204);

        var page = as(admin).queryParam("limit", 200).get("/api/v1/tenants/" + domain + "/audit-events")
                .then().statusCode(200).extract();
        String json = page.asString();
        for (String secret : List.of(firstCode, code, token, OTHER_GOOD_PASSWORD, GOOD_PASSWORD)) {
            assertFalse(json.contains(secret), "the audit holds no code, token or password");
        }
        List<Map<String, Object>> items = page.jsonPath().getList("items");
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> item : items) {
            seen.add(item.get("type") + "/" + item.get("outcome") + (item.get("reason") == null ? "" : "/" + item.get("reason")));
        }
        for (String expected : List.of("recovery-start/success", "recovery-start/refused/unknown-user",
                "recovery-code-sent/success", "recovery-verify/failure/wrong-code", "recovery-verify/success/email",
                "recovery-locked/success/too-many-wrong-codes", "self-service-reset/refused/password-policy",
                "self-service-reset/success")) {
            assertTrue(seen.contains(expected), expected + " in " + seen);
        }
        assertTrue(items.stream().filter(i -> "self-service-reset".equals(i.get("type")))
                .allMatch(i -> userId.equals(i.get("targetUserId"))));
        as(admin).queryParam("type", "recovery-locked").get("/api/v1/tenants/" + domain + "/audit-events")
                .then().statusCode(200).body("items.type", everyItem(equalTo("recovery-locked")))
                .body("items.size()", equalTo(1));
    }

    @Test
    void whenEventsArePagedThenEveryEventComesOnceNewestFirst() {
        String domain = newTenant();
        String admin = signedInUser(domain, "pager", "GLOBAL_ADMIN");
        for (int i = 0; i < 7; i++) {
            start(domain, "someone" + i + "@" + domain);
        }
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            var request = as(admin).queryParam("limit", 3).queryParam("type", "recovery-start");
            if (after != null) {
                request.queryParam("after", after);
            }
            var page = request.get("/api/v1/tenants/" + domain + "/audit-events").then().statusCode(200).extract();
            ids.addAll(page.jsonPath().getList("items.id"));
            after = page.path("nextCursor");
        } while (after != null);
        assertEquals(7, ids.size());
        assertEquals(7, new HashSet<>(ids).size());
    }

    @Test
    void whenSomeoneOtherThanTheTenantsGlobalAdminReadsTheAuditThenItIsRefused() {
        String domain = newTenant();
        String plain = signedInUser(domain, "plainreader");
        String helpdesk = signedInUser(domain, "helpreader", "HELPDESK_ADMIN");
        String otherAdmin = signedInUser(newTenant(), "otheradmin", "GLOBAL_ADMIN");
        assertProblem(as(plain).get("/api/v1/tenants/" + domain + "/audit-events").then(), 403, "forbidden");
        assertProblem(as(helpdesk).get("/api/v1/tenants/" + domain + "/audit-events").then(), 403, "forbidden");
        assertProblem(as(otherAdmin).get("/api/v1/tenants/" + domain + "/audit-events").then(), 403, "forbidden");
        assertProblem(io.restassured.RestAssured.get("/api/v1/tenants/" + domain + "/audit-events").then(),
                401, "unauthorized");
        asOperator().get("/api/v1/tenants/" + domain + "/audit-events").then().statusCode(200);
    }

    @Test
    void whenTheQueryIsBadThenTheAuditReadIs400() {
        String domain = newTenant();
        String admin = signedInUser(domain, "badquery", "GLOBAL_ADMIN");
        for (Map<String, Object> query : List.<Map<String, Object>>of(Map.of("limit", 0), Map.of("limit", 201),
                Map.of("type", "no-such-type"), Map.of("after", "!!!"), Map.of("limit", "abc"))) {
            assertProblem(as(admin).queryParams(query).get("/api/v1/tenants/" + domain + "/audit-events").then(),
                    400, "invalid-request");
        }
    }
}
