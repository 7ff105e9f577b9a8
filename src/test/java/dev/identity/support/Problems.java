package dev.identity.support;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

    private Problems() {
    }

    /** Asserts the response is a problem of this status and slug, with a title and a detail. */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/problems/" + slug))
                .body("status", org.hamcrest.Matchers.equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }
}
