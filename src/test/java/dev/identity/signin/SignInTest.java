package dev.identity.signin;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignInTest {

    @Inject
    Db db;

    @Test
    void whenCredentialsAreRightThenAnOpaqueBearerTokenOfAtMostOneHourIsIssued() {
        String domain = newTenant();
        newUser(domain, "dora", GOOD_PASSWORD);
        signInResponse(domain, "dora@" + domain, GOOD_PASSWORD).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", greaterThan(0)).body("expiresIn", lessThanOrEqualTo(3600))
                .body("passwordChangeRequired", equalTo(false))
                .body("accessToken", matchesPattern("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void whenUserNameDiffersInCaseThenSignInStillMatchesIt() {
        String domain = newTenant();
        newUser(domain, "eve", GOOD_PASSWORD);
        signInResponse(domain.toUpperCase(), "EVE@" + domain.toUpperCase(), GOOD_PASSWORD).statusCode(200);
    }

    @Test
    void whenUserIsUnknownThenTheAnswerIsTheSame401AsForAWrongPassword() {
        String domain = newTenant();
        newUser(domain, "finn", GOOD_PASSWORD);
        Map<String, Object> wrongPassword = assertProblem(
                signInResponse(domain, "finn@" + domain, "Not-The-Password-123"), 401, "unauthorized")
                .extract().as(Map.class);
        Map<String, Object> unknownUser = assertProblem(
                signInResponse(domain, "nobody@" + domain, "Not-The-Password-123"), 401, "unauthorized")
                .extract().as(Map.class);
        assertEquals(wrongPassword, unknownUser);
    }

    @Test
    void whenUserIsDisabledThenSignInFailsWithTheSame401() {
        String domain = newTenant();
        String id = newUser(domain, "gus", GOOD_PASSWORD);
        asOperator().body(Map.of("enabled", false)).patch("/api/v1/tenants/" + domain + "/users/" + id)
                .then().statusCode(200);
        assertProblem(signInResponse(domain, "gus@" + domain, GOOD_PASSWORD), 401, "unauthorized");
    }

    @Test
    void whenTenantIsUnknownThenNotFound() {
        assertProblem(signInResponse("no-such-tenant.example", "a@no-such-tenant.example", GOOD_PASSWORD), 404,
                "not-found");
    }

    /**
     * Argon2id of GOOD_PASSWORD with m=4096, t=1, p=1, made by another implementation (password4j, pure Java):
     * a stored hash from elsewhere still verifies, and is upgraded.
     */
    private static final String WEAK_FOREIGN_HASH =
            "$argon2id$v=19$m=4096,t=1,p=1$of2nZetztEymlBoediuD/g$o6JWpeoT8J+PDU3QUKruitHCeZi3/u6RNQSe3exXXN8";

    @Test
    void whenStoredHashHasOlderParametersThenItIsUpgradedAtTheNextSuccessfulSignIn() {
        String domain = newTenant();
        String id = newUser(domain, "hal", GOOD_PASSWORD);
        String weak = WEAK_FOREIGN_HASH;
        db.update("update app_user set password_hash = ?1 where id = ?2", weak, UUID.fromString(id));

        signInResponse(domain, "hal@" + domain, GOOD_PASSWORD).statusCode(200);

        String upgraded = (String) db.single("select password_hash from app_user where id = ?1", UUID.fromString(id));
        assertTrue(upgraded.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), upgraded);
        signInResponse(domain, "hal@" + domain, GOOD_PASSWORD).statusCode(200);
    }

    @Test
    void whenAHashFromAnotherImplementationIsCheckedThenOnlyItsOwnPasswordMatches() {
        String domain = newTenant();
        String id = newUser(domain, "hub", OTHER_GOOD_PASSWORD);
        db.update("update app_user set password_hash = ?1 where id = ?2", WEAK_FOREIGN_HASH, UUID.fromString(id));

        signInResponse(domain, "hub@" + domain, OTHER_GOOD_PASSWORD).statusCode(401);
        signInResponse(domain, "hub@" + domain, GOOD_PASSWORD).statusCode(200);
    }

    @Test
    void whenPasswordIsStoredThenItIsAnArgon2idPhcStringWithAtLeastOwaspParameters() {
        String domain = newTenant();
        String id = newUser(domain, "ida", GOOD_PASSWORD);
        String hash = (String) db.single("select password_hash from app_user where id = ?1", UUID.fromString(id));
        assertTrue(hash.matches("^\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+$"), hash);
    }

    @Test
    void whenSomeoneSignsInOrFailsThenBothAreAuditEventsWithoutThePassword() {
        String domain = newTenant();
        String id = newUser(domain, "jon", GOOD_PASSWORD);
        signInResponse(domain, "jon@" + domain, GOOD_PASSWORD).statusCode(200);
        signInResponse(domain, "jon@" + domain, "Wrong-Password-4567").statusCode(401);
        Object outcomes = db.list("select outcome || ':' || coalesce(reason, '') from audit_event "
                + "where type = 'sign-in' and target_user_id = ?1 order by occurred_at", UUID.fromString(id));
        assertEquals(java.util.List.of("success:", "failure:wrong-password"), outcomes);
        Object leaks = db.single("select count(*) from audit_event where reason like '%Password%' "
                + "or reason like '%Lantern%'");
        assertEquals(0L, ((Number) leaks).longValue());
    }
}
