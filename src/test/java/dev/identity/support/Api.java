package dev.identity.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers that drive the service over HTTP only, as a client would. */
public final class Api {

    public static final String OPERATOR = "test-operator-token";
    /** Passes the policy and contains no test user's or tenant's name. */
    public static final String GOOD_PASSWORD = "Violet-Harbor-Lantern-42";
    public static final String OTHER_GOOD_PASSWORD = "Quiet-Meadow-Copper-77";

    private Api() {
    }

    public static RequestSpecification asOperator() {
        return given().contentType(ContentType.JSON).auth().oauth2(OPERATOR);
    }

    public static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).auth().oauth2(token);
    }

    /** A new tenant with a unique domain. */
    public static String newTenant() {
        return newTenant("customer");
    }

    public static String newTenant(String kind) {
        String domain = "t" + UUID.randomUUID().toString().substring(0, 12) + ".example";
        asOperator().body(Map.of("domain", domain, "displayName", "Tenant " + domain.substring(1, 6),
                        "kind", kind, "selfServiceReset", true, "supportContact", "help@" + domain))
                .post("/api/v1/tenants").then().statusCode(201);
        return domain;
    }

    /** A user created by the operator with the given password and roles; returns its id. */
    public static String newUser(String domain, String localPart, String password, String... roles) {
        Map<String, Object> body = new HashMap<>();
        body.put("userName", localPart + "@" + domain);
        body.put("displayName", "Person " + localPart);
        body.put("email", localPart + "@" + domain);
        body.put("password", password);
        body.put("roles", List.of(roles));
        return asOperator().body(body).post("/api/v1/tenants/" + domain + "/users")
                .then().statusCode(201).extract().path("id");
    }

    public static ValidatableResponse signInResponse(String domain, String userName, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("userName", userName, "password", password))
                .post("/api/v1/tenants/" + domain + "/sign-in").then();
    }

    /** Signs in and returns the access token. */
    public static String signIn(String domain, String localPart, String password) {
        return signInResponse(domain, localPart + "@" + domain, password).statusCode(200).extract().path("accessToken");
    }

    /** A new user with the roles, signed in: returns the token. */
    public static String signedInUser(String domain, String localPart, String... roles) {
        newUser(domain, localPart, GOOD_PASSWORD, roles);
        return signIn(domain, localPart, GOOD_PASSWORD);
    }

    public static Map<String, Object> userBody(String domain, String localPart, String... roles) {
        Map<String, Object> body = new HashMap<>();
        body.put("userName", localPart + "@" + domain);
        body.put("displayName", "Person " + localPart);
        body.put("email", localPart + "@" + domain);
        body.put("roles", new ArrayList<>(List.of(roles)));
        return body;
    }
}
