package dev.identity.http;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.RawHttp;
import dev.identity.support.RawHttp.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 9 and API.md: every error is a problem, also where Vert.x, Netty or Quarkus answer before the API's own
 * code runs. Each request here goes over a raw socket, as a broken or hostile client would send it.
 */
@QuarkusTest
class HttpEdgesTest {

    private static final String HOST = "Host: identity.test\r\n";

    private static Answer assertProblem(Answer answer, int status, String slug) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.toString());
        assertTrue(answer.json().getString("type").endsWith("/problems/" + slug), answer.toString());
        assertEquals(status, answer.json().getInt("status"), answer.toString());
        assertFalse(answer.json().getString("title").isBlank(), answer.toString());
        assertFalse(answer.json().getString("detail").isBlank(), answer.toString());
        return answer;
    }

    private static void assertStillServing() throws Exception {
        assertEquals(200, RawHttp.send("GET /api/v1/deployment HTTP/1.1\r\n" + HOST + "\r\n").status());
    }

    @Test
    void whenTheRequestLineIsOverTheLimitThenItIsUriTooLongAsAProblemAndTheConnectionCloses() throws Exception {
        Answer answer = RawHttp.sendAndWatchClose("GET /api/v1/tenants/" + "a".repeat(5000) + " HTTP/1.1\r\n" + HOST
                + "\r\n");
        assertProblem(answer, 414, "uri-too-long");
        assertTrue(answer.json().getString("detail").contains("4096"), answer.toString());
        assertTrue(answer.closed(), "Netty discards the rest of the connection: it must be closed");
        assertStillServing();
    }

    @Test
    void whenTheHeadersAreOverTheLimitThenItIsHeadersTooLargeAsAProblem() throws Exception {
        assertProblem(RawHttp.send("GET /api/v1/deployment HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(30_000)
                + "\r\n\r\n"), 431, "headers-too-large");
        StringBuilder many = new StringBuilder("GET /api/v1/deployment HTTP/1.1\r\n" + HOST);
        for (int i = 0; i < 400; i++) {
            many.append("X-Header-").append(i).append(": ").append("v".repeat(60)).append("\r\n");
        }
        Answer answer = assertProblem(RawHttp.sendAndWatchClose(many + "\r\n"), 431, "headers-too-large");
        assertTrue(answer.closed());
        assertStillServing();
    }

    @Test
    void whenTheRequestIsNotValidHttpThenItIsInvalidRequestAsAProblem() throws Exception {
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("a header line without a colon", "GET /api/v1/deployment HTTP/1.1\r\n" + HOST + "Broken\r\n\r\n");
        broken.put("a method that is not a token", "G@T /api/v1/deployment HTTP/1.1\r\n" + HOST + "\r\n");
        broken.put("a space in the path", "GET /api/v1/a b HTTP/1.1\r\n" + HOST + "\r\n");
        broken.put("a Content-Length that is not a number", "POST /api/v1/tenants/x.example/sign-in HTTP/1.1\r\n"
                + HOST + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n");
        broken.put("two Content-Lengths that disagree", "POST /api/v1/tenants/x.example/sign-in HTTP/1.1\r\n" + HOST
                + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
        broken.put("a percent that encodes nothing", "GET /api/v1/%zz HTTP/1.1\r\n" + HOST + "\r\n");
        broken.put("a bare percent in the query", "GET /api/v1/deployment?q=% HTTP/1.1\r\n" + HOST + "\r\n");
        // (No Host header in HTTP/1.1 is a problem too, but not here: with the test profile's trusted proxy, Quarkus
        // fills the authority in. OperationsIT sends it to the packaged service.)
        for (Map.Entry<String, String> request : broken.entrySet()) {
            Answer answer = RawHttp.send(request.getValue());
            assertEquals(400, answer.status(), request.getKey() + ": " + answer);
            assertProblem(answer, 400, "invalid-request");
        }
        assertStillServing();
    }

    @Test
    void whenAPipelinedRequestHasAnInvalidUriThenTheOneBeforeItIsAnsweredAndItGetsAProblem() throws Exception {
        byte[] two = ("GET /api/v1/deployment HTTP/1.1\r\n" + HOST + "\r\nGET /api/v1/%zz HTTP/1.1\r\n" + HOST + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(two);
            String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(all.startsWith("HTTP/1.1 200"), all);
            assertTrue(all.contains("HTTP/1.1 400") && all.contains("/problems/invalid-request"), all);
        }
    }

    @Test
    void whenAMethodIsNotTakenByAPathThenItIsMethodNotAllowedWithAllow() throws Exception {
        Answer deployment = assertProblem(RawHttp.send("DELETE /api/v1/deployment HTTP/1.1\r\n" + HOST + "\r\n"), 405,
                "method-not-allowed");
        assertEquals("GET, HEAD, OPTIONS", deployment.header("allow"));
        String domain = newTenant();
        String id = asOperator().body(dev.identity.support.Api.userBody(domain, "allow"))
                .post("/api/v1/tenants/" + domain + "/users").then().statusCode(201).extract().path("id");
        Answer user = assertProblem(RawHttp.send("PUT /api/v1/tenants/" + domain + "/users/" + id + " HTTP/1.1\r\n"
                + HOST + "Content-Length: 0\r\n\r\n"), 405, "method-not-allowed");
        assertEquals("GET, HEAD, PATCH, OPTIONS", user.header("allow"));
        Answer signIn = assertProblem(RawHttp.send("GET /api/v1/tenants/" + domain + "/sign-in HTTP/1.1\r\n" + HOST
                + "\r\n"), 405, "method-not-allowed");
        assertEquals("POST, OPTIONS", signIn.header("allow"));
        for (String operations : List.of("DELETE /q/metrics", "POST /q/health", "PUT /q/openapi",
                "POST /q/health/ready", "TRACE /api/v1/deployment")) {
            Answer answer = assertProblem(RawHttp.send(operations + " HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\n"),
                    405, "method-not-allowed");
            assertTrue(answer.header("allow").startsWith("GET, HEAD"), operations + ": " + answer);
        }
    }

    @Test
    void whenNoResourceHasThePathThenItIsNotFoundAsAProblem() throws Exception {
        for (String target : List.of("/nothing", "/q/nothing", "/api/v2/deployment", "*", "api/v1/deployment")) {
            assertProblem(RawHttp.send("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n"), 404, "not-found");
        }
    }

    @Test
    void whenTheClientAcceptsNoMediaTypeWeAnswerThenItIsNotAcceptableAsAProblem() throws Exception {
        assertProblem(RawHttp.send("GET /api/v1/deployment HTTP/1.1\r\n" + HOST + "Accept: text/html\r\n\r\n"), 406,
                "not-acceptable");
        RestAssured.given().accept("text/html").get("/api/v1/deployment").then().statusCode(406)
                .contentType("application/problem+json").body("type", endsWith("/problems/not-acceptable"));
    }

    @Test
    void whenTheBodyIsNotJsonThenItIsUnsupportedMediaTypeAsAProblem() throws Exception {
        String domain = newTenant();
        newUser(domain, "media", GOOD_PASSWORD);
        String body = "userName=media";
        assertProblem(RawHttp.send("POST /api/v1/tenants/" + domain + "/sign-in HTTP/1.1\r\n" + HOST
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body), 415,
                "unsupported-media-type");
    }

    @Test
    void whenAProblemIsAnsweredOutsideTheApiThenItsTitleFollowsAcceptLanguage() throws Exception {
        Answer answer = assertProblem(RawHttp.send("DELETE /q/metrics HTTP/1.1\r\n" + HOST
                + "Accept-Language: fr;q=0, ja-JP\r\n\r\n"), 405, "method-not-allowed");
        assertEquals("このメソッドは使用できません", answer.json().getString("title"));
        assertEquals("ja", answer.header("content-language"));
    }

    @Test
    void whenAnyOfTheseIsRefusedThenNoStackTraceOrFrameworkPageReachesTheClient() throws Exception {
        List<String> requests = List.of(
                "GET /api/v1/tenants/" + "a".repeat(5000) + " HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/v1/me HTTP/1.1\r\n" + HOST + "Authorization: Bearer \u00ff\u00fe\r\n\r\n",
                "GET /api/v1/me HTTP/1.1\r\n" + HOST + "Authorization: Basic Zm9vOmJhcg==\r\n\r\n",
                "GET /q/health/../../etc/passwd HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/v1/tenants/%00/users HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/v1/deployment HTTP/1.1\r\n" + HOST + "Expect: the-unexpected\r\n\r\n",
                "PATCH /api/v1/deployment HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                "GET /q/swagger-ui/../../../ HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/v1/tenants/x.example/users?limit=%ff%fe HTTP/1.1\r\n" + HOST + "\r\n",
                "BREW /api/v1/deployment HTTP/1.1\r\n" + HOST + "\r\n",
                "GET /api/v1/deployment HTTP/1.0\r\n\r\n");
        for (String request : requests) {
            Answer answer = RawHttp.send(request);
            if (answer.status() >= 400) {
                assertTrue(answer.header("content-type").startsWith("application/problem+json"),
                        request.lines().findFirst().orElseThrow() + ": " + answer);
                assertFalse(answer.body().contains("Exception") || answer.body().contains("\tat ")
                        || answer.body().contains("<html"), answer.toString());
            }
        }
        assertStillServing();
    }
}
