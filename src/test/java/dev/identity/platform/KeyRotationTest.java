package dev.identity.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.securityinfo.AuthenticatorService;
import dev.identity.support.Api;
import dev.identity.support.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * README, operations: rotating the operator token and the secrets key without stopping the fleet. Started
 * with a new key and the previous one, and a new operator token and the previous one.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.Rotating.class)
class KeyRotationTest {

    // Fixed, not random: the profile and the test are loaded by different class loaders.
    static final byte[] OLD_KEY = "rotation-test-old-key-32-bytes!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] NEW_KEY = "rotation-test-new-key-32-bytes!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public static final class Rotating implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.secrets-key", Base64.getEncoder().encodeToString(NEW_KEY),
                    "identity.secrets-key-previous", Base64.getEncoder().encodeToString(OLD_KEY),
                    "identity.operator-token-previous", "previous-operator-token");
        }
    }

    @Inject
    AuthenticatorService authenticators;

    @Inject
    SecretBox secrets;

    @Inject
    Db db;

    private static int createTenant(String token) {
        return given().contentType(ContentType.JSON).auth().oauth2(token)
                .body(Map.of("domain", "r" + UUID.randomUUID().toString().substring(0, 8) + ".example",
                        "displayName", "Rotation", "kind", "customer", "selfServiceReset", true,
                        "supportContact", "help@rotation.example"))
                .post("/api/v1/tenants").then().extract().statusCode();
    }

    @Test
    void whenTheOperatorTokenIsRotatedThenTheNewAndThePreviousTokenWorkAndNoOther() {
        assertEquals(201, createTenant(Api.OPERATOR));
        assertEquals(201, createTenant("previous-operator-token"));
        assertEquals(401, createTenant("previous-operator-token-x"));
    }

    @Test
    void whenTheSecretsKeyIsRotatedThenSeedsSealedUnderThePreviousKeyAreSealedAgainUnderTheNewOne() {
        String domain = Api.newTenant();
        UUID userId = UUID.fromString(Api.newUser(domain, "seeded", Api.GOOD_PASSWORD));
        String purpose = "authenticator-seed:" + userId;
        String sealedOld = new SecretBox(OLD_KEY, null).seal(purpose, "c2VlZA==");
        db.update("insert into authenticator (user_id, sealed_seed, state, created_at) values (?1, ?2, 'active', now())",
                userId, sealedOld);

        int resealed = QuarkusTransaction.requiringNew().call(authenticators::resealSeeds);

        assertTrue(resealed >= 1);
        String sealedNow = (String) db.single("select sealed_seed from authenticator where user_id = ?1", userId);
        assertTrue(secrets.sealedWithCurrentKey(purpose, sealedNow));
        assertEquals("c2VlZA==", new SecretBox(NEW_KEY, null).open(purpose, sealedNow));
    }
}
