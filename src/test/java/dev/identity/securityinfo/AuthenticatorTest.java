package dev.identity.securityinfo;

import static dev.identity.support.Api.as;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Authenticators.begin;
import static dev.identity.support.Authenticators.confirm;
import static dev.identity.support.Authenticators.nextCode;
import static dev.identity.support.Authenticators.register;
import static dev.identity.support.Authenticators.registerResponse;
import static dev.identity.support.Authenticators.seedOf;
import static dev.identity.support.Authenticators.staleCode;
import static dev.identity.support.Authenticators.wrongCode;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.directory.Tenant;
import dev.identity.platform.SecretBox;
import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DESIGN.md 4.3 and 7: the authenticator app as a recovery method, its seed sealed at rest, its changes told. */
@QuarkusTest
class AuthenticatorTest {

    @Inject
    Db db;

    @Inject
    SecretBox secrets;

    private static UUID me(String token) {
        return UUID.fromString(as(token).get("/api/v1/me").then().statusCode(200).extract().path("id"));
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

    @Test
    void whenAnAuthenticatorIsRegisteredThenTheSecretAndUriAreAnsweredOnceAndItCountsOnlyAfterItsFirstCode() {
        String domain = newTenant();
        String token = signedInUser(domain, "app");
        ExtractableResponse<Response> registration = registerResponse(token).statusCode(201)
                .header("Cache-Control", "no-store").extract();
        String secret = registration.path("secret");
        String uri = registration.path("otpauthUri");
        assertTrue(secret.matches("[A-Z2-7]{32}"), "160 bits in Base32 without padding: " + secret);
        assertTrue(uri.startsWith("otpauth://totp/Tenant%20" + domain.substring(1, 6) + ":app%40" + domain + "?"), uri);
        assertTrue(uri.contains("secret=" + secret) && uri.contains("algorithm=SHA1") && uri.contains("digits=6")
                && uri.contains("period=30") && uri.contains("&issuer=Tenant%20"), uri);

        as(token).get("/api/v1/me/security-info").then().body("authenticator.registered", equalTo(false));
        confirm(token, nextCode(seedOf(secret))).statusCode(204);
        String info = as(token).get("/api/v1/me/security-info").then().statusCode(200)
                .body("authenticator.registered", equalTo(true)).extract().asString();
        assertFalse(info.contains(secret), "the seed is never shown again");
    }

    @Test
    void whenAnAuthenticatorIsAddedOrRemovedThenTheUserIsMailedAndBothAreAuditEvents() {
        String domain = newTenant();
        String token = signedInUser(domain, "told");
        register(token);
        assertEquals(List.of("An authenticator app was added to your account"), subjects("told@" + domain, 1));
        as(token).delete("/api/v1/me/security-info/authenticator").then().statusCode(204);
        assertEquals("The authenticator app was removed from your account", subjects("told@" + domain, 2).get(1));
        as(token).get("/api/v1/me/security-info").then().body("authenticator.registered", equalTo(false));

        UUID user = me(token);
        assertEquals(List.of("security-info-change-requested:authenticator", "security-info-changed:authenticator-added",
                "security-info-changed:authenticator-removed"), db.list("""
                select type || ':' || reason from audit_event where target_user_id = ?1 and type like 'security-info%'
                order by occurred_at""", user));
    }

    @Test
    void whenTheMailIsWrittenThenItIsInTheUsersLanguage() throws Exception {
        String domain = newTenant();
        String token = signedInUser(domain, "french");
        db.update("update app_user set locale = 'fr' where id = ?1", me(token));
        register(token);
        MimeMessage mail = GreenMailResource.await("french@" + domain, 1, Duration.ofSeconds(20)).get(0);
        assertEquals("Une application d'authentification a été ajoutée à votre compte", mail.getSubject());
    }

    @Test
    void whenTheSeedIsStoredThenItIsSealedWithTheSecretsKeyAndBoundToItsUser() {
        String domain = newTenant();
        String token = signedInUser(domain, "sealed");
        byte[] seed = register(token);
        UUID user = me(token);
        String stored = (String) db.single("select sealed_seed from authenticator where user_id = ?1", user);
        String seedBase64 = Base64.getEncoder().encodeToString(seed);
        assertFalse(stored.contains(seedBase64) || stored.contains(new org.apache.commons.codec.binary.Base32()
                .encodeAsString(seed).replace("=", "")), "not in clear");
        assertEquals(seedBase64, secrets.open("authenticator-seed:" + user, stored), "AES-GCM under the key");
        assertThrows(IllegalStateException.class, () -> secrets.open("authenticator-seed:" + UUID.randomUUID(), stored),
                "a sealed seed copied to another user opens for nobody");
    }

    @Test
    void whenAConfirmedAuthenticatorExistsThenRegisteringAnotherIs409UntilItIsRemoved() {
        String domain = newTenant();
        String token = signedInUser(domain, "twice");
        register(token);
        assertProblem(registerResponse(token), 409, "conflict");
        as(token).delete("/api/v1/me/security-info/authenticator").then().statusCode(204);
        assertProblem(as(token).delete("/api/v1/me/security-info/authenticator").then(), 404, "not-found");
        register(token);
    }

    @Test
    void whenARegistrationIsStartedAgainBeforeItsFirstCodeThenOnlyTheNewSeedConfirmsIt() {
        String domain = newTenant();
        String token = signedInUser(domain, "again");
        byte[] first = begin(token);
        byte[] second = begin(token);
        assertProblem(confirm(token, nextCode(first)), 400, "invalid-code");
        confirm(token, nextCode(second)).statusCode(204);
    }

    @Test
    void whenFiveWrongCodesConfirmARegistrationThenItLocksWith423AndANewRegistrationStartsAfresh() {
        String domain = newTenant();
        String token = signedInUser(domain, "guesser");
        byte[] seed = begin(token);
        for (int remaining = 4; remaining >= 0; remaining--) {
            assertProblem(confirm(token, wrongCode(seed)), 400, "invalid-code")
                    .body("remainingAttempts", equalTo(remaining));
        }
        assertProblem(confirm(token, nextCode(seed)), 423, "flow-locked");
        byte[] fresh = begin(token);
        confirm(token, nextCode(fresh)).statusCode(204);
    }

    @Test
    void whenACodeIsOutsideTheWindowOfOneStepThenItIsWrong() {
        String domain = newTenant();
        String token = signedInUser(domain, "stale");
        byte[] seed = begin(token);
        assertProblem(confirm(token, staleCode(seed)), 400, "invalid-code");
        confirm(token, nextCode(seed)).statusCode(204);
    }

    @Test
    void whenARegistrationWaitsOverFifteenMinutesThenConfirmIs410() {
        String domain = newTenant();
        String token = signedInUser(domain, "late");
        byte[] seed = begin(token);
        db.update("update authenticator set expires_at = now() - interval '1 second' where user_id = ?1", me(token));
        assertProblem(confirm(token, nextCode(seed)), 410, "flow-expired");
    }

    @Test
    void whenNothingWaitsForConfirmationThenConfirmIs404AndMalformedCodesAre400() {
        String domain = newTenant();
        String token = signedInUser(domain, "none");
        assertProblem(confirm(token, "123456"), 404, "not-found");
        assertProblem(confirm(token, "12ab56"), 400, "invalid-request");
        assertProblem(as(token).body("{}").post("/api/v1/me/security-info/authenticator/verify").then(), 400,
                "invalid-request");
    }

    @Test
    void whenNobodyIsSignedInThenTheAuthenticatorEndpointsAre401() {
        assertProblem(given().post("/api/v1/me/security-info/authenticator").then(), 401, "unauthorized");
        assertProblem(given().delete("/api/v1/me/security-info/authenticator").then(), 401, "unauthorized");
        assertProblem(given().contentType("application/json").body("{\"code\":\"123456\"}")
                .post("/api/v1/me/security-info/authenticator/verify").then(), 401, "unauthorized");
    }
}
