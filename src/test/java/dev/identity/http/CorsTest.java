package dev.identity.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.identity.support.Api;
import dev.identity.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 9: CORS origins from configuration. The test profile allows https://app.identity.test by
 * name and https://*.preview.identity.test by a regular expression.
 */
@QuarkusTest
class CorsTest {

    private static final String SIGN_IN = "/api/v1/tenants/contoso.example/sign-in";

    private static RequestSpecification from(String origin) {
        return given().header("Origin", origin).contentType("application/json")
                .body(Map.of("userName", "nobody@contoso.example", "password", "Not-The-Password-42"));
    }

    private static RequestSpecification preflightFrom(String origin) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type");
    }

    @Test
    void whenAConfiguredOriginCallsThenTheAnswerAllowsItAndExposesLocationAndRetryAfter() {
        from("https://app.identity.test").post(SIGN_IN).then()
                .header("Access-Control-Allow-Origin", equalTo("https://app.identity.test"))
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .statusCode(not(equalTo(403)));
    }

    @Test
    void whenAConfiguredOriginAsksBeforehandThenThePreflightAllowsItsMethodAndHeaders() {
        preflightFrom("https://app.identity.test").options(SIGN_IN).then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://app.identity.test"))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"));
    }

    @Test
    void whenAnOriginMatchesAConfiguredPatternThenItIsAllowed() {
        from("https://pr-42.preview.identity.test").post(SIGN_IN).then()
                .header("Access-Control-Allow-Origin", equalTo("https://pr-42.preview.identity.test"));
    }

    @Test
    void whenAnOriginIsNotConfiguredThenItIsRefusedWithAForbiddenProblem() {
        Problems.assertProblem(from("https://evil.example").post(SIGN_IN).then(), 403, "forbidden")
                .header("Access-Control-Allow-Origin", nullValue());
        Problems.assertProblem(preflightFrom("https://evil.example").options(SIGN_IN).then(), 403, "forbidden")
                .header("Access-Control-Allow-Origin", nullValue());
        // Near misses of the name and of the pattern, and the opaque origin of a sandboxed page.
        for (String origin : new String[] {"https://app.identity.test.evil.example", "http://app.identity.test",
                "https://preview.identity.test", "https://a.preview.identity.test.evil.example", "null"}) {
            Problems.assertProblem(from(origin).post(SIGN_IN).then(), 403, "forbidden");
        }
    }

    @Test
    void whenAConfiguredOriginUsesAMethodTheConfigurationDoesNotListThenItIsRefusedWithAForbiddenProblem() {
        // OPTIONS without the preflight's headers is an ordinary request, and not among the methods allowed.
        Problems.assertProblem(given().header("Origin", "https://app.identity.test").options(SIGN_IN).then(), 403,
                "forbidden").body("detail", containsString("OPTIONS"));
    }

    @Test
    void whenAPageOfTheServiceItselfCallsThenItsOwnOriginNeedsNoConfiguration() {
        // Swagger UI on /q/swagger-ui: a browser sends the Origin on a same-origin POST too.
        String own = "http://localhost:" + RestAssured.port;
        String signIn = "/api/v1/tenants/" + Api.newTenant() + "/sign-in";
        Problems.assertProblem(from(own).post(signIn).then(), 401, "unauthorized");
        // Behind a trusted proxy that ends TLS (on 443), the service's origin is the https one the proxy forwards.
        Problems.assertProblem(from("https://localhost").header("X-Forwarded-Proto", "https")
                .post(signIn).then(), 401, "unauthorized");
    }
}
