package dev.identity.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Steps of self-service recovery over HTTP, and the codes as they arrive by SMTP. */
public final class Recovery {

    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{8})\\s*$");

    private Recovery() {
    }

    public static ValidatableResponse startResponse(String domain, String userName) {
        return given().contentType(ContentType.JSON).body(Map.of("userName", userName))
                .post("/api/v1/tenants/" + domain + "/recovery").then();
    }

    /** Starts recovery and returns the flow id. */
    public static String start(String domain, String userName) {
        return startResponse(domain, userName).statusCode(202).extract().path("flowId");
    }

    public static ValidatableResponse verify(String flowId, String method, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("method", method, "code", code))
                .post("/api/v1/recovery/" + flowId + "/verify").then();
    }

    public static ValidatableResponse reset(String flowId, String resetToken, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("resetToken", resetToken, "newPassword", newPassword))
                .post("/api/v1/recovery/" + flowId + "/reset").then();
    }

    /** Verifies by email and returns the reset token. */
    public static String resetToken(String flowId, String code) {
        return verify(flowId, "email", code).statusCode(200).extract().path("resetToken");
    }

    /** Waits for the {@code n}-th mail (1-based) to the address and returns the code in it. */
    public static String code(String address, int n) {
        return codeIn(GreenMailResource.await(address, n, Duration.ofSeconds(20)).get(n - 1));
    }

    /**
     * Waits for {@code n} mails to the address and returns the code of the newest that has one: for an address
     * that also gets notices (an authenticator added, say), whose order against the code mail is not fixed.
     */
    public static String lastCode(String address, int n) {
        String found = null;
        for (MimeMessage message : GreenMailResource.await(address, n, Duration.ofSeconds(20))) {
            Matcher m = CODE.matcher(text(message));
            if (m.find()) {
                found = m.group(1);
            }
        }
        if (found == null) {
            throw new AssertionError("no code in the mails to " + address);
        }
        return found;
    }

    public static String codeIn(MimeMessage message) {
        Matcher m = CODE.matcher(text(message));
        if (!m.find()) {
            throw new AssertionError("no code in the mail: " + text(message));
        }
        return m.group(1);
    }

    public static String text(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A code of eight digits that is not the given one. */
    public static String wrong(String code) {
        return code.equals("00000000") ? "11111111" : "00000000";
    }

    public static List<MimeMessage> mails(String address) {
        return GreenMailResource.to(address);
    }
}
