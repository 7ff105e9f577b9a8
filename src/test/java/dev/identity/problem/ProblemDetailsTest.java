package dev.identity.problem;

import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear RFC 9457 problem with the contract's slug, never a 5xx or a stack trace. */
@QuarkusTest
class ProblemDetailsTest {

    private static String users(String domain) {
        return "/api/v1/tenants/" + domain + "/users";
    }

    @Test
    void whenJsonIsMalformedThenInvalidRequest() {
        String domain = newTenant();
        assertProblem(asOperator().body("{\"userName\": ").post(users(domain)).then(), 400, "invalid-request")
                .body("violations[0].rule", equalTo("malformed-json"));
        assertProblem(asOperator().body("[1,2").post(users(domain)).then(), 400, "invalid-request");
    }

    @Test
    void whenAFieldIsUnknownThenInvalidRequestNamesIt() {
        assertProblem(asOperator().body("{\"domain\":\"x.example\",\"displayName\":\"X\",\"kind\":\"customer\","
                + "\"isAdmin\":true}").post("/api/v1/tenants").then(), 400, "invalid-request")
                .body("violations[0].field", equalTo("isAdmin")).body("violations[0].rule", equalTo("unknown-field"));
    }

    @Test
    void whenAFieldHasTheWrongTypeThenInvalidRequestNamesIt() {
        assertProblem(asOperator().body("{\"domain\":\"x.example\",\"displayName\":\"X\",\"kind\":\"customer\","
                + "\"selfServiceReset\":{\"a\":1}}").post("/api/v1/tenants").then(), 400, "invalid-request")
                .body("violations[0].field", equalTo("selfServiceReset"));
        assertProblem(asOperator().body("{\"domain\":\"x.example\",\"displayName\":\"X\",\"kind\":\"partner\"}")
                .post("/api/v1/tenants").then(), 400, "invalid-request").body("violations[0].field", equalTo("kind"));
    }

    @Test
    void whenAScalarHasTheWrongTypeThenItIsRefusedNotCoerced() {
        String domain = newTenant();
        assertProblem(asOperator().body("{\"userName\":5,\"displayName\":\"D\",\"email\":\"d@x.example\"}")
                .post(users(domain)).then(), 400, "invalid-request").body("violations[0].field", equalTo("userName"));
        assertProblem(asOperator().body("{\"domain\":\"y.example\",\"displayName\":\"Y\",\"kind\":\"customer\","
                + "\"selfServiceReset\":\"true\"}").post("/api/v1/tenants").then(), 400, "invalid-request")
                .body("violations[0].field", equalTo("selfServiceReset"));
        assertProblem(asOperator().body("{\"domain\":\"y.example\",\"displayName\":\"Y\",\"kind\":0}")
                .post("/api/v1/tenants").then(), 400, "invalid-request");
        assertProblem(asOperator().body("{\"domain\":\"y.example\",\"displayName\":\"Y\",\"kind\":\"customer\"} {}")
                .post("/api/v1/tenants").then(), 400, "invalid-request");
    }

    @Test
    void whenValidationFailsThenEveryViolationIsListed() {
        assertProblem(asOperator().body("{\"domain\":\"not a domain\",\"displayName\":\"\",\"kind\":null}")
                .post("/api/v1/tenants").then(), 400, "invalid-request")
                .body("violations.field", hasItem("domain")).body("violations.field", hasItem("displayName"))
                .body("violations.field", hasItem("kind"));
    }

    @Test
    void whenBodyIsMissingThenInvalidRequest() {
        assertProblem(asOperator().post("/api/v1/tenants").then(), 400, "invalid-request");
    }

    @Test
    void whenBodyIsOver16KibThenPayloadTooLarge() {
        String big = "{\"displayName\":\"" + "a".repeat(17 * 1024) + "\"}";
        assertProblem(asOperator().body(big).post("/api/v1/tenants").then(), 413, "payload-too-large");
    }

    @Test
    void whenChunkedBodyGrowsOver16KibThenPayloadTooLarge() {
        byte[] big = ("{\"displayName\":\"" + "a".repeat(20 * 1024) + "\"}").getBytes();
        // An InputStream body is sent chunked, without Content-Length.
        assertProblem(asOperator().body(new ByteArrayInputStream(big)).post("/api/v1/tenants").then(), 413,
                "payload-too-large");
    }

    @Test
    void whenBodyIsNotJsonThenUnsupportedMediaType() {
        assertProblem(given().auth().oauth2("test-operator-token").contentType(ContentType.TEXT).body("domain=x")
                .post("/api/v1/tenants").then(), 415, "unsupported-media-type");
        assertProblem(given().auth().oauth2("test-operator-token").contentType(ContentType.XML).body("<a/>")
                .post("/api/v1/tenants").then(), 415, "unsupported-media-type");
    }

    @Test
    void whenPathIsUnknownOrIdIsNotAUuidThenNotFound() {
        assertProblem(given().get("/api/v1/nothing-here").then(), 404, "not-found");
        String domain = newTenant();
        assertProblem(asOperator().get(users(domain) + "/not-a-uuid").then(), 404, "not-found");
    }

    @Test
    void whenMethodIsNotAllowedThenAProblemToo() {
        assertProblem(asOperator().delete("/api/v1/me").then(), 405, "method-not-allowed");
    }

    @Test
    void whenHostileStringsArriveThenTheyAreRefusedOrStoredAsPlainData() {
        String domain = newTenant();
        assertProblem(asOperator().body("{\"userName\":\"x'; drop table app_user; --@" + domain
                + "\",\"displayName\":\"a\",\"email\":\"a@b.example\"}").post(users(domain)).then(), 400,
                "invalid-request");
        assertProblem(asOperator().body("{\"userName\":\"ctl@" + domain
                + "\",\"displayName\":\"line\\u0000break\",\"email\":\"a@b.example\"}").post(users(domain)).then(),
                400, "invalid-request").body("violations[0].field", equalTo("displayName"));
        asOperator().body("{\"userName\":\"o'brien@" + domain
                + "\",\"displayName\":\"<script>alert(1)</script>\",\"email\":\"ob@b.example\"}")
                .post(users(domain)).then().statusCode(201)
                .body("displayName", equalTo("<script>alert(1)</script>"));
    }

    @Test
    void whenAKeyIsGivenTwiceOrAStringHoldsNulThenInvalidRequestNotAServerError() {
        assertProblem(given().contentType(ContentType.JSON)
                .body("{\"userName\":\"a@b.example\",\"password\":\"x\",\"password\":\"y\"}")
                .post("/api/v1/tenants/x.example/sign-in").then(), 400, "invalid-request");
        assertProblem(given().contentType(ContentType.JSON)
                .body("{\"userName\":\"a\\u0000@b.example\",\"password\":\"Violet-Harbor-Lantern-42\"}")
                .post("/api/v1/tenants/x.example/sign-in").then(), 400, "invalid-request")
                .body("violations[0].field", equalTo("userName"));
    }

    @Test
    void whenPathOrQueryHoldsBytesNoDomainOrCursorCanHoldThenNotFoundOrInvalidRequest() {
        assertProblem(asOperator().urlEncodingEnabled(false).get("/api/v1/tenants/%00").then(), 404, "not-found");
        assertProblem(asOperator().get("/api/v1/tenants/" + "a".repeat(300)).then(), 404, "not-found");
        String domain = newTenant();
        assertProblem(asOperator().queryParam("after", "AA").get(users(domain)).then(), 400, "invalid-request");
    }

    @Test
    void whenAnythingFailsThenNoStackTraceIsInTheAnswer() {
        given().contentType(ContentType.JSON).body("{\"userName\":[],\"password\":{}}")
                .post("/api/v1/tenants/x.example/sign-in").then().statusCode(400)
                .body(not(containsString("at dev.identity"))).body(not(containsString("Exception")));
    }
}
