package dev.identity.ops;

import static dev.identity.support.Api.as;
import static dev.identity.support.Api.signIn;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's demo users exist with the documented passwords when demo data is on (as in dev mode). */
@QuarkusTest
@TestProfile(DemoDataTest.Demo.class)
class DemoDataTest {

    public static final class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.demo.enabled", "true");
        }
    }

    @Test
    void whenDemoDataIsOnThenTheReadmeUsersSignInWithTheirDocumentedPasswords() {
        as(signIn("contoso.example", "alice", "Violet-Harbor-Lantern-42")).get("/api/v1/me").then()
                .statusCode(200).body("roles", equalTo(java.util.List.of("GLOBAL_ADMIN")));
        signIn("contoso.example", "hana", "Quiet-Meadow-Copper-77");
        signIn("contoso.example", "bob", "Silver-Canyon-Maple-58");
        signIn("fabrikam.example", "paula", "Amber-Falcon-Orchard-19");
        as(signIn("fabrikam.example", "ravi", "Cobalt-Willow-Harvest-63")).get("/api/v1/me").then()
                .body("roles", equalTo(java.util.List.of("ADMIN_AGENT")));
    }
}
