package dev.identity.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Health, metrics, the OpenAPI document and Swagger UI (DESIGN.md section 9). */
@QuarkusTest
class OperationsTest {

    private static final List<String> CONTRACT_PATHS = List.of("/api/v1/tenants/{tenant}/sign-in", "/api/v1/me",
            "/api/v1/me/password", "/api/v1/me/sign-out", "/api/v1/tenants", "/api/v1/tenants/{tenant}",
            "/api/v1/tenants/{tenant}/users", "/api/v1/tenants/{tenant}/users/{userId}",
            "/api/v1/tenants/{tenant}/recovery", "/api/v1/recovery/{flowId}/verify", "/api/v1/recovery/{flowId}/reset",
            "/api/v1/me/security-info", "/api/v1/me/security-info/email", "/api/v1/me/security-info/email/verify",
            "/api/v1/me/security-info/authenticator", "/api/v1/me/security-info/authenticator/verify",
            "/api/v1/tenants/{tenant}/users/{userId}/password-reset", "/api/v1/tenants/{tenant}/audit-events",
            "/api/v1/deployment", "/api/v1/tenants/{customer}/delegated-admin-relationships",
            "/api/v1/tenants/{customer}/delegated-admin-relationships/{id}/approve",
            "/api/v1/tenants/{customer}/delegated-admin-relationships/{id}/terminate",
            "/api/v1/providers/{provider}/customers/{customer}/users/{userId}/password-reset",
            "/api/v1/providers/{provider}/customers/{customer}/global-admins");

    @Test
    void whenProbedThenLivenessAndReadinessWithTheDatabaseAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database"));
    }

    @Test
    void whenScrapedThenPrometheusMetricsIncludeTheHashPool() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("identity_hash_pool_queue")).body(containsString("identity_hash_pool_active"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheOpenApiDocumentIsReadThenEveryOperationHasAnIdSchemasAndItsErrors() {
        JsonPath doc = openApi();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertTrue(paths.keySet().containsAll(CONTRACT_PATHS), paths.keySet()::toString);
        forEachOperation(doc, (where, operation) -> {
            assertTrue(operation.get("operationId") != null, "operationId of " + where);
            Map<String, Object> responses = responses(operation);
            assertTrue(responses.keySet().stream().anyMatch(s -> s.startsWith("2")), "success of " + where);
            assertTrue(responses.keySet().stream().anyMatch(s -> s.startsWith("4")), "errors of " + where);
            if (operation.containsKey("requestBody")) {
                assertTrue(responses.keySet().containsAll(List.of("400", "413", "415")), "body errors of " + where);
            }
        });
        Map<String, Object> problem = doc.getMap("components.schemas.Problem");
        assertTrue(problem != null && ((Map<String, Object>) problem.get("properties")).containsKey("violations"));
        assertTrue(doc.getMap("components.responses.Unauthorized") != null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheDatabaseMayBeUnreachableThenEveryOperationDocuments503ServiceBusy() {
        forEachOperation(openApi(), (where, operation) -> {
            Map<String, Object> busy = (Map<String, Object>) responses(operation).get("503");
            assertTrue(busy != null && "#/components/responses/ServiceBusy".equals(busy.get("$ref")),
                    "503 of " + where + ": " + busy);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenAnOperationAnswersWithABodyThenTheDocumentNamesItsSchema() {
        // A generated client types each answer from its schema: an example alone leaves the answer untyped.
        forEachOperation(openApi(), (where, operation) -> responses(operation).forEach((status, response) -> {
            Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response).get("content");
            if (List.of("200", "201").contains(status)) {
                assertTrue(content != null && !content.isEmpty(), "body of " + status + " of " + where);
            }
            if (content != null) {
                content.forEach((type, media) -> assertTrue(((Map<String, Object>) media).get("schema") != null,
                        "schema of " + type + " in " + status + " of " + where));
            }
        }));
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenASchemaListsRequiredPropertiesThenEachIsOneOfItsProperties() {
        Map<String, Map<String, Object>> schemas = openApi().getMap("components.schemas");
        for (var schema : schemas.entrySet()) {
            List<String> required = (List<String>) schema.getValue().get("required");
            Map<String, Object> properties = (Map<String, Object>) schema.getValue().get("properties");
            if (required != null) {
                assertTrue(properties != null && properties.keySet().containsAll(required),
                        schema.getKey() + " requires " + required + " of " + properties);
            }
        }
        // The answers a client reads first are typed without optional members.
        for (String answer : List.of("SignInResult", "RecoveryStarted", "PasswordResetResult", "User", "Tenant",
                "Me", "Deployment")) {
            Map<String, Object> schema = schemas.get(answer);
            assertTrue(((List<String>) schema.get("required")).containsAll(
                    ((Map<String, Object>) schema.get("properties")).keySet()), answer + " leaves members optional");
        }
    }

    private static JsonPath openApi() {
        return given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
    }

    /** Calls the check with "method path" and the operation object, for every operation of the document. */
    @SuppressWarnings("unchecked")
    private static void forEachOperation(JsonPath doc, BiConsumer<String, Map<String, Object>> check) {
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach(
                (method, operation) -> check.accept(method + " " + path, (Map<String, Object>) operation)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responses(Map<String, Object> operation) {
        return (Map<String, Object>) operation.get("responses");
    }

    @Test
    void whenBrowsedThenSwaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
