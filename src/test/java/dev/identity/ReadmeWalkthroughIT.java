package dev.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's curl walk-through against the packaged application (java -jar, prod profile), which starts
 * its own embedded PostgreSQL because no datasource URL is configured.
 */
@QuarkusIntegrationTest
@WithTestResource(ReadmeWalkthroughIT.PackagedApp.class)
class ReadmeWalkthroughIT {

    static final String OPERATOR = "it-operator-token";
    /** Health and metrics are on the packaged service's management interface, a port of their own. */
    static final int MANAGEMENT_PORT = freePort();

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operator token and a fresh data directory for the embedded PostgreSQL of the packaged app. */
    public static final class PackagedApp implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                return Map.of("identity.operator-token", OPERATOR,
                        "identity.secrets-key", java.util.Base64.getEncoder().encodeToString(key),
                        "identity.embedded-db.dir", Files.createTempDirectory("identity-it-pg").toString(),
                        "quarkus.management.port", String.valueOf(MANAGEMENT_PORT));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void whenAnOperatorFollowsTheReadmeThenTenantAdminSignInAndMeAllWork() {
        given().contentType(ContentType.JSON).auth().oauth2(OPERATOR)
                .body(Map.of("domain", "northwind.example", "displayName", "Northwind Traders", "kind", "customer",
                        "selfServiceReset", true, "supportContact", "it-help@northwind.example"))
                .post("/api/v1/tenants").then().statusCode(201);
        given().contentType(ContentType.JSON).auth().oauth2(OPERATOR)
                .body(Map.of("userName", "nina@northwind.example", "displayName", "Nina Berg",
                        "email", "nina@northwind.example", "password", "Maple-Orbit-Tunnel-58",
                        "roles", java.util.List.of("GLOBAL_ADMIN")))
                .post("/api/v1/tenants/northwind.example/users").then().statusCode(201);
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("userName", "nina@northwind.example", "password", "Maple-Orbit-Tunnel-58"))
                .post("/api/v1/tenants/northwind.example/sign-in").then().statusCode(200)
                .extract().path("accessToken");
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200)
                .body("userName", equalTo("nina@northwind.example")).body("roles[0]", equalTo("GLOBAL_ADMIN"));
        given().port(MANAGEMENT_PORT).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(404);
        // Recovery-start answers at once even with no SMTP server: the code waits in the outbox.
        given().contentType(ContentType.JSON).body(Map.of("userName", "nina@northwind.example"))
                .post("/api/v1/tenants/northwind.example/recovery").then().statusCode(202);
        given().contentType(ContentType.JSON).body(Map.of("userName", "nobody@northwind.example"))
                .post("/api/v1/tenants/northwind.example/recovery").then().statusCode(202);
    }

    @Test
    void whenNoOperatorTokenMatchesThenTheOperatorApiRefuses() {
        given().contentType(ContentType.JSON).auth().oauth2("guess")
                .body(Map.of("domain", "x.example", "displayName", "X", "kind", "customer"))
                .post("/api/v1/tenants").then().statusCode(401);
    }
}
