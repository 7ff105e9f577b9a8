package dev.identity.userimport;

import static dev.identity.support.Api.OPERATOR;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Db;
import dev.identity.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 25: the import's own body cap (here 64 KiB), and the API's 16 KiB cap that still holds everywhere else. */
@QuarkusTest
@TestProfile(UserImportLimitTest.SmallImports.class)
class UserImportLimitTest {

    public static final class SmallImports implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("identity.import.max-body-size", "64K", "identity.import.batch-size", "100");
        }
    }

    @Inject
    Db db;

    private static String lines(String domain, int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("{\"userName\":\"cap").append(i).append('@').append(domain)
                    .append("\",\"displayName\":\"Cap\",\"email\":\"cap").append(i).append('@').append(domain)
                    .append("\"}\n");
        }
        return body.toString();
    }

    @Test
    void whenAStreamedImportPassesItsCapThenTheLinesBeforeItAreWrittenAndItsLastLinesSaySo() throws Exception {
        String domain = newTenant();
        byte[] body = lines(domain, 2000).getBytes(StandardCharsets.UTF_8); // about 180 KiB
        String answer;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/tenants/" + domain + "/users/import HTTP/1.1\r\nHost: identity.test\r\n"
                    + "Authorization: Bearer " + OPERATOR + "\r\nContent-Type: application/x-ndjson\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (int at = 0; at < body.length; at += 8192) {
                int length = Math.min(8192, body.length - at);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, at, length);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            answer = readUntilSummary(socket.getInputStream());
        }
        assertTrue(answer.contains("\"result\":\"payload-too-large\""), answer);
        assertTrue(answer.contains("\"complete\":false"), answer);
        long created = (Long) db.single("select count(*) from app_user u join tenant t on t.id = u.tenant_id "
                + "where t.domain = ?1", domain);
        assertTrue(created > 500 && created < 2000, "the lines within 64 KiB are written: " + created);
        assertTrue(answer.contains("\"created\":" + created + ","), answer);
    }

    @Test
    void whenAnImportDeclaresALengthOverItsCapThenItIsPayloadTooLargeBeforeAnyLine() throws Exception {
        String domain = newTenant();
        byte[] body = lines(domain, 2000).getBytes(StandardCharsets.UTF_8);
        assertProblem(given().auth().oauth2(OPERATOR).contentType("application/x-ndjson").body(body)
                .post("/api/v1/tenants/" + domain + "/users/import").then(), 413, "payload-too-large");
        assertEquals(0L, db.single("select count(*) from app_user u join tenant t on t.id = u.tenant_id "
                + "where t.domain = ?1", domain));
    }

    @Test
    void whenAnotherEndpointGetsABodyOver16KibThenTheApisOwnCapStillHolds() throws Exception {
        String big = "{\"userName\":\"" + "x".repeat(20_000) + "\"}";
        RawHttp.Answer declared = RawHttp.send("POST /api/v1/tenants/x.example/sign-in HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + big.length() + "\r\n\r\n" + big);
        assertEquals(413, declared.status(), declared.toString());
        StringBuilder chunked = new StringBuilder("POST /api/v1/tenants/x.example/sign-in HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int at = 0; at < big.length(); at += 4096) {
            String part = big.substring(at, Math.min(big.length(), at + 4096));
            chunked.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        RawHttp.Answer streamed = RawHttp.send(chunked + "0\r\n\r\n");
        assertEquals(413, streamed.status(), streamed.toString());
        assertTrue(streamed.header("content-type").startsWith("application/problem+json"));
    }

    /** The chunked answer's body, decoded, up to and with its summary line. */
    private static String readUntilSummary(InputStream in) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            raw.write(buffer, 0, n);
            if (raw.toString(StandardCharsets.UTF_8).contains("\"summary\"")
                    && raw.toString(StandardCharsets.UTF_8).endsWith("\r\n")) {
                break;
            }
        }
        return raw.toString(StandardCharsets.UTF_8).replaceAll("\r\n[0-9a-f]+\r\n", "");
    }
}
