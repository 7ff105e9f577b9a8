package dev.identity.recovery;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.code;
import static dev.identity.support.Recovery.mails;
import static dev.identity.support.Recovery.reset;
import static dev.identity.support.Recovery.resetToken;
import static dev.identity.support.Recovery.start;
import static dev.identity.support.Recovery.startResponse;
import static dev.identity.support.Recovery.verify;
import static dev.identity.support.Recovery.wrong;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Concurrently;
import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 4: self-service recovery over HTTP, with codes delivered over SMTP. */
@QuarkusTest
class RecoveryTest {

    @Inject
    Db db;

    private static String address(String domain, String local) {
        return local + "@" + domain;
    }

    // ---- 4.1 recovery-start tells nobody who has an account --------------------------------------------

    @Test
    void whenAnyoneStartsRecoveryThenTheAnswerIs202WithTheSameShapeAndOnlyARecoverableUserIsMailed() throws Exception {
        String domain = newTenant();
        newUser(domain, "plain", GOOD_PASSWORD);
        String disabledId = newUser(domain, "disabled", GOOD_PASSWORD);
        asOperator().body(Map.of("enabled", false)).patch("/api/v1/tenants/" + domain + "/users/" + disabledId)
                .then().statusCode(200);
        String unverifiedId = newUser(domain, "nomethod", GOOD_PASSWORD);
        db.update("update app_user set email_verified = false where id = ?1", UUID.fromString(unverifiedId));
        newUser(domain, "admin", GOOD_PASSWORD, "USER_ADMIN");

        List<ExtractableResponse<Response>> answers = new ArrayList<>();
        for (String local : List.of("plain", "nobody", "disabled", "nomethod", "admin")) {
            answers.add(startResponse(domain, address(domain, local)).statusCode(202).extract());
        }
        Set<String> shape = answers.get(0).jsonPath().<String, Object>getMap("").keySet();
        assertEquals(Set.of("flowId", "expiresAt"), shape);
        for (ExtractableResponse<Response> answer : answers) {
            assertEquals(shape, answer.jsonPath().<String, Object>getMap("").keySet());
            assertEquals(answers.get(0).contentType(), answer.contentType());
            UUID.fromString(answer.path("flowId"));
            Instant expires = Instant.parse(answer.path("expiresAt"));
            assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(14))));
            assertTrue(expires.isBefore(Instant.now().plus(Duration.ofMinutes(16))));
        }
        code(address(domain, "plain"), 1);
        // The code for "plain" is out: the others would have gone in the same dispatch. None comes, for a while.
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                List.of("disabled", "nomethod", "admin").stream().allMatch(local -> mails(address(domain, local))
                        .isEmpty()));
    }

    @Test
    void whenTheTenantIsUnknownThenRecoveryStartIs404ButAnUnknownUserIsNever404() {
        assertProblem(startResponse("no-such-tenant.example", "x@no-such-tenant.example"), 404, "not-found");
        startResponse(newTenant(), "ghost@nowhere.example").statusCode(202);
    }

    @Test
    void whenTheUserNameIsMissingOrMalformedThenRecoveryStartIs400() {
        String domain = newTenant();
        assertProblem(io.restassured.RestAssured.given().contentType("application/json").body("{}")
                .post("/api/v1/tenants/" + domain + "/recovery").then(), 400, "invalid-request");
        assertProblem(io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"userName\":\"a\",\"extra\":1}").post("/api/v1/tenants/" + domain + "/recovery").then(),
                400, "invalid-request");
    }

    @Test
    void whenTheTenantHasSelfServiceOffThenRecoveryStartIs403WithTheSupportContact() {
        String domain = newTenant();
        newUser(domain, "plain", GOOD_PASSWORD);
        asOperator().body(Map.of("selfServiceReset", false)).patch("/api/v1/tenants/" + domain).then().statusCode(200);
        assertProblem(startResponse(domain, address(domain, "plain")), 403, "self-service-disabled")
                .body("supportContact", equalTo("help@" + domain));
    }

    @Test
    void whenSelfServiceIsTurnedOffAfterAStartThenTheNextStartIs403AndWritesNothing() {
        String domain = newTenant();
        newUser(domain, "later", GOOD_PASSWORD);
        start(domain, address(domain, "later"));
        // Turned off behind the service's back, as another instance would: nothing here hears of it.
        db.update("update tenant set self_service_reset = false where domain = ?1", domain);
        long flows = count("select count(*) from recovery_flow where tenant_id = (select id from tenant where domain = ?1)",
                domain);
        long mails = count("select count(*) from mail_outbox where tenant_id = (select id from tenant where domain = ?1)",
                domain);
        assertProblem(startResponse(domain, address(domain, "later")), 403, "self-service-disabled")
                .body("supportContact", equalTo("help@" + domain));
        assertEquals(flows, count("select count(*) from recovery_flow where tenant_id = "
                + "(select id from tenant where domain = ?1)", domain), "the refused start wrote no flow");
        assertEquals(mails, count("select count(*) from mail_outbox where tenant_id = "
                + "(select id from tenant where domain = ?1)", domain), "and queued no mail");
        assertEquals(1L, count("select count(*) from audit_event where type = 'recovery-start' and outcome = 'refused' "
                + "and tenant_id = (select id from tenant where domain = ?1)", domain), "the refusal is audited once");
    }

    @Test
    void whenSelfServiceIsTurnedBackOnThenTheNextStartIs202() {
        String domain = newTenant();
        newUser(domain, "again", GOOD_PASSWORD);
        db.update("update tenant set self_service_reset = false where domain = ?1", domain);
        assertProblem(startResponse(domain, address(domain, "again")), 403, "self-service-disabled");
        db.update("update tenant set self_service_reset = true where domain = ?1", domain);
        start(domain, address(domain, "again"));
        code(address(domain, "again"), 1);
    }

    @Test
    void whenRecoveryStartReachesNobodyThenADecoyIsQueuedDispatchedAndWipedButNeverMailed() throws Exception {
        String domain = newTenant();
        String flow = start(domain, address(domain, "ghost"));
        String tenantOf = "(select id from tenant where domain = ?1)";
        assertEquals(1L, count("select count(*) from mail_outbox where decoy and kind = 'recovery-code' "
                + "and tenant_id = " + tenantOf, domain), "the same mail work as for a real user, as a decoy");
        assertEquals(0L, count("select count(*) from mail_outbox where not decoy and tenant_id = " + tenantOf,
                domain));
        assertEquals(1L, count("select count(*) from recovery_flow where id = ?1 and user_id is null",
                UUID.fromString(flow)), "a flow that can recover nobody");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from mail_outbox "
                + "where decoy and sealed_message is not null and tenant_id = " + tenantOf, domain) == 0);
        assertEquals(1L, count("select count(*) from mail_outbox where decoy and sent_at is not null "
                + "and sealed_message is null and tenant_id = " + tenantOf, domain), "dispatched and wiped");
        assertEquals(0, mails(address(domain, "ghost")).size(), "and never handed to SMTP");
    }

    private long count(String sql, Object... params) {
        return ((Number) db.single(sql, params)).longValue();
    }

    // ---- 4.2 codes ----------------------------------------------------------------------------------------

    @Test
    void whenACodeIsMailedThenItHasEightDigitsAndIsStoredOnlyAsAKeyedHash() {
        String domain = newTenant();
        newUser(domain, "hash", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "hash"));
        String code = code(address(domain, "hash"), 1);
        assertTrue(code.matches("\\d{8}"));
        byte[] stored = (byte[]) db.single("select email_code_hash from recovery_flow where id = ?1", UUID.fromString(flow));
        assertEquals(32, stored.length, "an HMAC-SHA256");
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(code));
        String row = String.valueOf(db.single("select row_to_json(f)::text from recovery_flow f where id = ?1",
                UUID.fromString(flow)));
        assertFalse(row.contains(code), "no clear code in the row");
        Object outbox = db.single("select count(*) from mail_outbox where kind = 'recovery-code' and sealed_message like ?1",
                "%" + code + "%");
        assertEquals(0L, ((Number) outbox).longValue(), "the queued mail is sealed");
    }

    @Test
    void whenTheRightCodeIsEnteredThenAResetTokenOf128BitsOrMoreIsAnsweredAndStoredHashed() {
        String domain = newTenant();
        newUser(domain, "token", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "token"));
        var verified = verify(flow, "email", code(address(domain, "token"), 1)).statusCode(200)
                .body("status", equalTo("verified")).extract();
        String token = verified.path("resetToken");
        assertTrue(Base64.getUrlDecoder().decode(token).length * 8 >= 128);
        Instant expires = Instant.parse(verified.path("expiresAt"));
        assertTrue(expires.isBefore(Instant.now().plus(Duration.ofMinutes(11))));
        byte[] stored = (byte[]) db.single("select reset_token_hash from recovery_flow where id = ?1", UUID.fromString(flow));
        assertNotNull(stored);
        assertFalse(Base64.getUrlEncoder().withoutPadding().encodeToString(stored).equals(token));
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(token));
    }

    @Test
    void whenACodeIsWrongThenRemainingAttemptsCountsDownAndTheFifthWrongCodeLocksTheFlowWith423() {
        String domain = newTenant();
        newUser(domain, "lock", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "lock"));
        String code = code(address(domain, "lock"), 1);
        for (int remaining = 4; remaining >= 0; remaining--) {
            assertProblem(verify(flow, "email", wrong(code)), 400, "invalid-code")
                    .body("remainingAttempts", equalTo(remaining));
        }
        assertProblem(verify(flow, "email", code), 423, "flow-locked");
        assertProblem(verify(flow, "email", wrong(code)), 423, "flow-locked");
    }

    @Test
    void whenManyWrongCodesArriveAtOnceThenNoMoreThanFiveAreCompared() throws Exception {
        String domain = newTenant();
        newUser(domain, "race", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "race"));
        String code = code(address(domain, "race"), 1);
        List<Integer> statuses = Concurrently.run(20, java.util.Collections.nCopies(20,
                () -> verify(flow, "email", wrong(code)).extract().statusCode()));
        assertEquals(5, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        assertEquals(15, statuses.stream().filter(s -> s == 423).count(), statuses.toString());
        assertProblem(verify(flow, "email", code), 423, "flow-locked");
    }

    @Test
    void whenARightCodeFollowsWrongOnesThenItStillWorks() {
        String domain = newTenant();
        newUser(domain, "late", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "late"));
        String code = code(address(domain, "late"), 1);
        for (int i = 0; i < 4; i++) {
            verify(flow, "email", wrong(code)).statusCode(400);
        }
        verify(flow, "email", code).statusCode(200).body("status", equalTo("verified"));
    }

    @Test
    void whenACodeIsUsedTwiceThenTheSecondIs410() {
        String domain = newTenant();
        newUser(domain, "twice", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "twice"));
        String code = code(address(domain, "twice"), 1);
        verify(flow, "email", code).statusCode(200);
        assertProblem(verify(flow, "email", code), 410, "flow-expired");
    }

    @Test
    void whenTheSameCodeIsSentConcurrentlyThenItWorksOnce() throws Exception {
        String domain = newTenant();
        newUser(domain, "conc", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "conc"));
        String code = code(address(domain, "conc"), 1);
        List<Integer> statuses = Concurrently.run(10, java.util.Collections.nCopies(10,
                () -> verify(flow, "email", code).extract().statusCode()));
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    }

    @Test
    void whenANewStartComesThenOlderFlowsOfTheUserAreSuperseded() {
        String domain = newTenant();
        newUser(domain, "again", GOOD_PASSWORD);
        String first = start(domain, address(domain, "again"));
        String firstCode = code(address(domain, "again"), 1);
        String second = start(domain, address(domain, "again"));
        String secondCode = code(address(domain, "again"), 2);
        assertProblem(verify(first, "email", firstCode), 410, "flow-expired");
        verify(second, "email", secondCode).statusCode(200);
    }

    @Test
    void whenTheCodeIsOlderThanTenMinutesThenItIs410() {
        String domain = newTenant();
        newUser(domain, "old", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "old"));
        String code = code(address(domain, "old"), 1);
        db.update("update recovery_flow set email_code_expires = now() - interval '1 second' where id = ?1",
                UUID.fromString(flow));
        assertProblem(verify(flow, "email", code), 410, "flow-expired");
    }

    @Test
    void whenTheFlowIsUnknownThenVerifyAndResetAre404() {
        String flow = UUID.randomUUID().toString();
        assertProblem(verify(flow, "email", "12345678"), 404, "not-found");
        assertProblem(reset(flow, "x", OTHER_GOOD_PASSWORD), 404, "not-found");
        assertProblem(verify("not-a-uuid", "email", "12345678"), 404, "not-found");
    }

    @Test
    void whenTheCodeOrMethodIsMalformedThenVerifyIs400() {
        String flow = UUID.randomUUID().toString();
        assertProblem(verify(flow, "email", "12ab"), 400, "invalid-request");
        assertProblem(verify(flow, "sms", "12345678"), 400, "invalid-request");
    }

    @Test
    void whenAFlowBelongsToNobodyThenEveryCodeIsWrongAndItLocksLikeAnyOther() {
        String domain = newTenant();
        String flow = start(domain, address(domain, "ghost"));
        for (int remaining = 4; remaining >= 0; remaining--) {
            assertProblem(verify(flow, "email", "12345678"), 400, "invalid-code")
                    .body("remainingAttempts", equalTo(remaining));
        }
        assertProblem(verify(flow, "email", "12345678"), 423, "flow-locked");
    }

    // ---- 4.4 reset --------------------------------------------------------------------------------------

    @Test
    void whenTheResetSucceedsThenThePasswordChangesEverySessionIsRevokedTheFlowIsConsumedAndTheUserIsMailed() {
        String domain = newTenant();
        newUser(domain, "full", GOOD_PASSWORD);
        String before = signIn(domain, "full", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "full"));
        String token = resetToken(flow, code(address(domain, "full"), 1));
        reset(flow, token, OTHER_GOOD_PASSWORD).statusCode(204);

        as(before).get("/api/v1/me").then().statusCode(401);
        signInResponse(domain, address(domain, "full"), GOOD_PASSWORD).statusCode(401);
        signIn(domain, "full", OTHER_GOOD_PASSWORD);
        assertProblem(reset(flow, token, "Another-Fine-Password-93"), 410, "flow-expired");
        assertEquals("completed", db.single("select state from recovery_flow where id = ?1", UUID.fromString(flow)));
        var changed = GreenMailResource.await(address(domain, "full"), 2, Duration.ofSeconds(20));
        assertTrue(changed.stream().anyMatch(m -> {
            try {
                return m.getSubject().equals("Your password was changed");
            } catch (Exception e) {
                return false;
            }
        }));
    }

    @Test
    void whenTheNewPasswordBreaksThePolicyThenResetIs422AndTheTokenStillWorks() {
        String domain = newTenant();
        newUser(domain, "policy", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "policy"));
        String token = resetToken(flow, code(address(domain, "policy"), 1));
        assertProblem(reset(flow, token, "short"), 422, "password-policy")
                .body("violations.rule", hasItem("min-length"))
                .body("violations.field", hasItem("newPassword"));
        assertProblem(reset(flow, token, "password1234"), 422, "password-policy")
                .body("violations.rule", hasItem("common-password"));
        assertProblem(reset(flow, token, GOOD_PASSWORD), 422, "password-policy")
                .body("violations.rule", hasItem("reused-password"));
        reset(flow, token, OTHER_GOOD_PASSWORD).statusCode(204);
    }

    @Test
    void whenTheResetTokenIsWrongThenResetIs400AndNothingChanges() {
        String domain = newTenant();
        newUser(domain, "wrongtoken", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "wrongtoken"));
        resetToken(flow, code(address(domain, "wrongtoken"), 1));
        assertProblem(reset(flow, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", OTHER_GOOD_PASSWORD), 400, "invalid-request")
                .body("violations[0].field", equalTo("resetToken"));
        signIn(domain, "wrongtoken", GOOD_PASSWORD);
    }

    @Test
    void whenResetComesBeforeVerifyThenItIs410() {
        String domain = newTenant();
        newUser(domain, "early", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "early"));
        assertProblem(reset(flow, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", OTHER_GOOD_PASSWORD), 410, "flow-expired");
    }

    @Test
    void whenTheResetTokenIsOlderThanTenMinutesThenResetIs410() {
        String domain = newTenant();
        newUser(domain, "stale", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "stale"));
        String token = resetToken(flow, code(address(domain, "stale"), 1));
        db.update("update recovery_flow set reset_expires_at = now() - interval '1 second' where id = ?1",
                UUID.fromString(flow));
        assertProblem(reset(flow, token, OTHER_GOOD_PASSWORD), 410, "flow-expired");
        signIn(domain, "stale", GOOD_PASSWORD);
    }

    @Test
    void whenFiftyResetsUseOneTokenAtOnceThenExactlyOneSucceeds() throws Exception {
        String domain = newTenant();
        newUser(domain, "fifty", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "fifty"));
        String token = resetToken(flow, code(address(domain, "fifty"), 1));
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            passwords.add("Harbor-Lantern-Meadow-" + (1000 + i));
        }
        List<Callable<Integer>> resets = new ArrayList<>();
        for (String password : passwords) {
            resets.add(() -> reset(flow, token, password).extract().statusCode());
        }
        List<Integer> statuses = Concurrently.run(50, resets);
        assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 204 || s == 409 || s == 410), statuses.toString());
        assertEquals(1L, ((Number) db.single("select count(*) from password_history where user_id = "
                + "(select user_id from recovery_flow where id = ?1)", UUID.fromString(flow))).longValue());
    }

    @Test
    void whenTheUserIsDisabledAfterVerifyThenResetIs410() {
        String domain = newTenant();
        String id = newUser(domain, "gone", GOOD_PASSWORD);
        String flow = start(domain, address(domain, "gone"));
        String token = resetToken(flow, code(address(domain, "gone"), 1));
        asOperator().body(Map.of("enabled", false)).patch("/api/v1/tenants/" + domain + "/users/" + id)
                .then().statusCode(200);
        assertProblem(reset(flow, token, OTHER_GOOD_PASSWORD), 410, "flow-expired");
    }

    // ---- 6 mail: down SMTP, locales, problem titles -----------------------------------------------------

    @Test
    void whenSmtpIsDownThenStartsStillAnswer202AndEveryCodeIsDeliveredOnceItIsBack() throws Exception {
        String domain = newTenant();
        List<String> users = List.of("smtp1", "smtp2", "smtp3");
        for (String user : users) {
            newUser(domain, user, GOOD_PASSWORD);
        }
        Map<String, String> flows = new HashMap<>();
        GreenMailResource.stopServer();
        try {
            for (String user : users) {
                flows.put(user, start(domain, address(domain, user)));
            }
            // The dispatcher has tried, and failed, to hand each code to the stopped server.
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> count("select count(*) from mail_outbox "
                    + "where attempts > 0 and sent_at is null and tenant_id = (select id from tenant where domain = "
                    + "?1)", domain) == users.size());
        } finally {
            GreenMailResource.startServer();
        }
        for (String user : users) {
            String code = dev.identity.support.Recovery.codeIn(
                    GreenMailResource.await(address(domain, user), 1, Duration.ofSeconds(40)).get(0));
            verify(flows.get(user), "email", code).statusCode(200);
        }
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                users.stream().allMatch(user -> mails(address(domain, user)).size() == 1)); // one code mail each
    }

    @Test
    void whenTheCodeMailIsWrittenThenItIsInTheUsersLocaleElseAcceptLanguageElseEnglish() throws Exception {
        Map<String, String> subjects = Map.of("en", "Your verification code", "ja", "確認コード",
                "zh-TW", "您的驗證碼", "zh-CN", "你的验证码", "fr", "Votre code de vérification",
                "it", "Il tuo codice di verifica");
        String domain = newTenant();
        for (Map.Entry<String, String> locale : subjects.entrySet()) {
            String local = "loc" + locale.getKey().replace("-", "").toLowerCase();
            Map<String, Object> body = dev.identity.support.Api.userBody(domain, local);
            body.put("password", GOOD_PASSWORD);
            body.put("locale", locale.getKey());
            asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then().statusCode(201);
            io.restassured.RestAssured.given().contentType("application/json").header("Accept-Language", "fr")
                    .body(Map.of("userName", address(domain, local))).post("/api/v1/tenants/" + domain + "/recovery")
                    .then().statusCode(202);
            assertEquals(locale.getValue(),
                    GreenMailResource.await(address(domain, local), 1, Duration.ofSeconds(20)).get(0).getSubject(),
                    locale.getKey());
        }
        newUser(domain, "nolocale", GOOD_PASSWORD);
        io.restassured.RestAssured.given().contentType("application/json").header("Accept-Language", "ja-JP")
                .body(Map.of("userName", address(domain, "nolocale"))).post("/api/v1/tenants/" + domain + "/recovery")
                .then().statusCode(202);
        assertEquals(subjects.get("ja"),
                GreenMailResource.await(address(domain, "nolocale"), 1, Duration.ofSeconds(20)).get(0).getSubject());
        newUser(domain, "english", GOOD_PASSWORD);
        start(domain, address(domain, "english"));
        assertEquals(subjects.get("en"),
                GreenMailResource.await(address(domain, "english"), 1, Duration.ofSeconds(20)).get(0).getSubject());
    }

    @Test
    void whenAProblemIsAnsweredThenItsTitleFollowsAcceptLanguage() {
        Map<String, String> titles = Map.of("ja", "見つかりません", "zh-TW", "找不到", "zh-CN", "未找到",
                "fr", "Introuvable", "it", "Non trovato", "de", "Not found");
        for (Map.Entry<String, String> title : titles.entrySet()) {
            io.restassured.RestAssured.given().contentType("application/json").header("Accept-Language", title.getKey())
                    .body(Map.of("method", "email", "code", "12345678"))
                    .post("/api/v1/recovery/" + UUID.randomUUID() + "/verify").then().statusCode(404)
                    .body("title", equalTo(title.getValue()));
        }
    }
}
