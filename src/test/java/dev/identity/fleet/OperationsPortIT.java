package dev.identity.fleet;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 9 and issue 24: the packaged service keeps its operations endpoints off the public port. Health and
 * metrics answer on the management interface only (404, a problem, on the public port); the OpenAPI document stays
 * public for front-end teams; Swagger UI answers only when QUARKUS_SWAGGER_UI_ALWAYS_INCLUDE=true.
 */
class OperationsPortIT {

    @Test
    void whenThePackagedServiceRunsThenMetricsAndHealthAnswerOnTheManagementPortAndAre404ProblemsOnThePublicOne()
            throws Exception {
        try (Fleet fleet = new Fleet()) {
            ServiceInstance service = fleet.start(1, Map.of()).get(0);
            Fleet.newTenant(service); // something for the per-endpoint counters to count

            service.operations().get("/q/metrics").then().statusCode(200)
                    .body(containsString("http_server_requests_seconds_count"))
                    .body(containsString("identity_mail_outbox_depth"));
            service.operations().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            service.operations().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

            for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live"}) {
                service.api().get(path).then().statusCode(404).contentType(startsWith("application/problem+json"))
                        .body("type", endsWith("/problems/not-found"));
            }
            service.api().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                    .body("openapi", startsWith("3."));
            service.api().get("/q/swagger-ui/").then().statusCode(404)
                    .contentType(startsWith("application/problem+json")).body("type", endsWith("/problems/not-found"));
            // The management interface answers its own errors as problems too.
            service.operations().get("/q/nothing").then().statusCode(404)
                    .contentType(startsWith("application/problem+json"));
            service.operations().delete("/q/metrics").then().statusCode(405).header("Allow", startsWith("GET"))
                    .contentType(startsWith("application/problem+json"));
        }
    }

    @Test
    void whenSwaggerUiIsAskedForThenThePackagedServiceServesItAndAHostlessRequestIsAProblem() throws Exception {
        try (Fleet fleet = new Fleet()) {
            ServiceInstance service = fleet.start(1, Map.of("QUARKUS_SWAGGER_UI_ALWAYS_INCLUDE", "true",
                    "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "false")).get(0);
            service.api().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
            // With no proxy to fill it in, an HTTP/1.1 request without Host is a problem, not Quarkus' text page.
            RawHttp.Answer noHost = RawHttp.send(service.port(),
                    "GET /api/v1/deployment HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
            assertEquals(400, noHost.status(), noHost.toString());
            assertTrue(noHost.header("content-type").startsWith("application/problem+json"), noHost.toString());
            String log = service.logText();
            assertTrue(!log.contains("Build time property cannot be changed"), log);
        }
    }
}
