package dev.identity.http;

import static dev.identity.support.Api.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bodies reach the endpoints however a client sends them: BodyLimit reads HTTP/1 bodies on the event loop and
 * leaves HTTP/2 streams, clients waiting for 100 Continue and forms to the REST layer.
 */
@QuarkusTest
class BodyReadingTest {

    private static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Over plain HTTP the client asks to upgrade to HTTP/2 (h2c), which the service accepts. */
    private static final HttpClient HTTP2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    @Test
    void whenAJsonBodyComesWithItsLengthOrChunkedOverHttp1ThenTheTenantIsCreated() throws Exception {
        String domain = domain();
        assertCreated(HTTP1.send(post(HttpRequest.BodyPublishers.ofString(tenant(domain))).build(),
                HttpResponse.BodyHandlers.ofString()), domain);
        String chunked = domain();
        HttpResponse<String> answer = HTTP1.send(post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(tenant(chunked).getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertCreated(answer, chunked);
    }

    @Test
    void whenAJsonBodyComesOverHttp2ThenTheTenantIsCreated() throws Exception {
        String domain = domain();
        HttpResponse<String> answer = HTTP2.send(post(HttpRequest.BodyPublishers.ofString(tenant(domain))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertCreated(answer, domain);
        // The first request upgraded the connection; this one is an HTTP/2 stream from the start.
        String second = domain();
        HttpResponse<String> again = HTTP2.send(post(HttpRequest.BodyPublishers.ofString(tenant(second))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, again.version());
        assertCreated(again, second);
    }

    @Test
    void whenTheClientWaitsFor100ContinueThenItGetsItAndTheTenantIsCreated() throws Exception {
        String domain = domain();
        HttpResponse<String> answer = HTTP1.send(post(HttpRequest.BodyPublishers.ofString(tenant(domain)))
                .expectContinue(true).build(), HttpResponse.BodyHandlers.ofString());
        assertCreated(answer, domain);
    }

    @Test
    void whenTheBodyIsAFormThenItIs415() throws Exception {
        HttpResponse<String> answer = HTTP1.send(HttpRequest.newBuilder(uri())
                .header("Authorization", "Bearer " + OPERATOR)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("domain=" + domain())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("unsupported-media-type"), answer.body());
    }

    private static void assertCreated(HttpResponse<String> answer, String domain) {
        assertEquals(201, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"domain\":\"" + domain + "\""), answer.body());
    }

    private static HttpRequest.Builder post(HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(uri()).header("Authorization", "Bearer " + OPERATOR)
                .header("Content-Type", "application/json").POST(body);
    }

    private static URI uri() {
        return URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/tenants");
    }

    private static String domain() {
        return "b" + UUID.randomUUID().toString().substring(0, 12) + ".example";
    }

    private static String tenant(String domain) {
        return "{\"domain\":\"" + domain + "\",\"displayName\":\"Body\",\"kind\":\"customer\","
                + "\"selfServiceReset\":true}";
    }
}
