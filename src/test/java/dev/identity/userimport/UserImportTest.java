package dev.identity.userimport;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OPERATOR;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Api.signedInUser;
import static dev.identity.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 25: POST /api/v1/tenants/{tenant}/users/import, users with the password hashes they already have. */
@QuarkusTest
class UserImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NDJSON = "application/x-ndjson";

    @Inject
    Db db;

    private static RequestSpecification importing(String token) {
        return given().auth().oauth2(token).contentType(NDJSON).accept(NDJSON);
    }

    private static List<JsonNode> answers(String body) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static List<JsonNode> importAs(String token, String domain, String query, String body) throws Exception {
        String answer = importing(token).body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/tenants/" + domain + "/users/import" + query)
                .then().statusCode(200).contentType(NDJSON).extract().asString();
        return answers(answer);
    }

    private static String line(String userName, Object passwordHash) throws Exception {
        java.util.Map<String, Object> user = new java.util.LinkedHashMap<>();
        user.put("userName", userName);
        user.put("displayName", "Imported " + userName.substring(0, userName.indexOf('@')));
        user.put("email", userName);
        if (passwordHash != null) {
            user.put("passwordHash", passwordHash);
        }
        return JSON.writeValueAsString(user);
    }

    private static JsonNode keycloakCredential(String userName) throws Exception {
        try (InputStream in = UserImportTest.class.getClassLoader().getResourceAsStream(
                "keycloak/realm-bench-export.json")) {
            for (JsonNode user : JSON.readTree(in).path("users")) {
                if (user.path("username").asText().equals(userName)) {
                    return user.path("credentials").get(0);
                }
            }
        }
        throw new AssertionError(userName);
    }

    private String storedHash(String domain, String userName) {
        return (String) db.single("select u.password_hash from app_user u join tenant t on t.id = u.tenant_id "
                + "where t.domain = ?1 and u.user_name = ?2", domain, userName);
    }

    @Test
    void whenUsersAreImportedWithEachHashFormThenEachSignsInWithTheirPasswordAndTheHashBecomesOurArgon2id()
            throws Exception {
        String domain = newTenant();
        Map<String, Object[]> users = new java.util.LinkedHashMap<>();
        users.put("bcrypt", new Object[] {"Correct-Horse-1",
            "$2b$05$mViDYS6l9tK90FQpYogm9uTbD4i1GE9CsGW43RhyppiGF846Hym36"});
        users.put("bcrypt2y", new Object[] {"Correct-Horse-1",
            "$2y$05$LVznTLb45ttyneZKga2cMeWOBBYbdKQ9AomBWMD0guEDEiaTCFGsm"});
        users.put("argon2i", new Object[] {"Correct-Horse-1",
            "$argon2i$v=19$m=1024,t=2,p=8$nXMuBaDU2vufE8J4730PIQ$tDJrVB0QqJlGlgnceES0CA"});
        users.put("argon2id", new Object[] {"Correct-Horse-1",
            "$argon2id$v=19$m=4096,t=3,p=2$vtd6r7XWmhMCwDiHsFZKiQ$xM68RLty09t9miJLU4oP+Q"});
        users.put("pbkdf2", new Object[] {"password",
            "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ"});
        users.put("pbkdf2phc", new Object[] {"Correct-Horse-1",
            "$pbkdf2-sha256$i=2000,l=32$MDEyMzQ1Njc4OWFiY2RlZg$5BwkbzeXsr8mKLAzP4BLHsw7ww220BymyxzeEhxCeXQ"});
        users.put("scrypt", new Object[] {"Correct-Horse-1",
            "$scrypt$ln=10,r=8,p=1$XwvBuJfSWotRSqkVYixF6A$VnhtrDqVYRKf+tFtkyQvFIsYuhhe8rY7ZereJFTStVM"});
        users.put("kcargon2", new Object[] {"Init-Passw0rd-0", keycloakCredential("user0000")});
        users.put("kcsha512", new Object[] {"Migrate-pbkdf2-sha512-Passw0rd", keycloakCredential("mig-pbkdf2-sha512")});
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, Object[]> user : users.entrySet()) {
            body.append(line(user.getKey() + "@" + domain, user.getValue()[1])).append('\n');
        }
        List<JsonNode> answers = importAs(OPERATOR, domain, "", body.toString());
        assertEquals(users.size() + 1, answers.size(), answers.toString());
        for (int i = 0; i < users.size(); i++) {
            assertEquals(i + 1, answers.get(i).path("line").asInt());
            assertEquals("created", answers.get(i).path("result").asText(), answers.get(i).toString());
        }
        assertEquals(users.size(), answers.get(users.size()).path("summary").path("created").asInt());
        for (Map.Entry<String, Object[]> user : users.entrySet()) {
            String userName = user.getKey() + "@" + domain;
            String before = storedHash(domain, userName);
            signInResponse(domain, userName, (String) user.getValue()[0] + "-wrong").statusCode(401);
            signInResponse(domain, userName, (String) user.getValue()[0]).statusCode(200);
            String after = storedHash(domain, userName);
            assertFalse(before.equals(after), user.getKey() + " was not upgraded");
            assertTrue(after.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), user.getKey() + ": " + after);
            signInResponse(domain, userName, (String) user.getValue()[0]).statusCode(200);
        }
    }

    @Test
    void whenAnImportedHashIsOfThePasswordAsTypedThenItSignsInThoughTheServiceNormalisesPasswords() throws Exception {
        String domain = newTenant();
        // bcrypt (passlib) of "Ｐａｓｓ-１２３-wörd" as typed: full-width letters, which NFKC turns to ASCII
        List<JsonNode> answers = importAs(OPERATOR, domain, "", line("wide@" + domain,
                "$2b$05$o4Y7MVUOwHtlKeK5gbGG3OvSJq8U81rDowJV1/A1yYKRtK2t7sMU2"));
        assertEquals("created", answers.get(0).path("result").asText());
        signInResponse(domain, "wide@" + domain, "Ｐａｓｓ-１２３-wörd").statusCode(200);
        signInResponse(domain, "wide@" + domain, "Ｐａｓｓ-１２３-wörd").statusCode(200); // now our Argon2id
    }

    @Test
    void whenAUserNameExistsThenFailAnswersAConflictSkipAnswersSkippedAndTheOtherLinesAreCreated() throws Exception {
        String domain = newTenant();
        newUser(domain, "émile", GOOD_PASSWORD);
        String body = line("ÉMILE@" + domain, null) + "\n" + line("new1@" + domain, null) + "\n"
                + line("New1@" + domain, null) + "\n";
        List<JsonNode> failing = importAs(OPERATOR, domain, "", body);
        assertEquals("conflict", failing.get(0).path("result").asText());
        assertEquals("created", failing.get(1).path("result").asText());
        assertEquals("conflict", failing.get(2).path("result").asText(), "the file's own duplicate, by its key");
        assertEquals(1, failing.get(3).path("summary").path("created").asInt());
        assertEquals(2, failing.get(3).path("summary").path("failed").asInt());

        List<JsonNode> skipping = importAs(OPERATOR, domain, "?onConflict=skip",
                body + line("new2@" + domain, null) + "\n");
        assertEquals(List.of("skipped", "skipped", "skipped", "created"),
                skipping.subList(0, 4).stream().map(a -> a.path("result").asText()).toList());
        assertEquals(3, skipping.get(4).path("summary").path("skipped").asInt());
        assertEquals(1L, db.single("select count(*) from app_user u join tenant t on t.id = u.tenant_id "
                + "where t.domain = ?1 and u.user_name_key = 'émile@" + domain + "'", domain));
    }

    @Test
    void whenLinesAreMalformedThenEachGetsItsSlugAndNothingOfThemIsWrittenButTheGoodLinesAre() throws Exception {
        String domain = newTenant();
        String good = line("good@" + domain, "$2b$05$mViDYS6l9tK90FQpYogm9uTbD4i1GE9CsGW43RhyppiGF846Hym36");
        String body = String.join("\n",
                "{\"userName\": \"broken@" + domain + "\", ",                                   // 1 bad JSON
                line("unknownhash@" + domain, "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="),           // 2 unknown hash form
                "{\"userName\":\"role@" + domain + "\",\"displayName\":\"R\",\"email\":\"role@" + domain
                        + "\",\"roles\":[\"EMPEROR\"]}",                                       // 3 bad role
                "{\"userName\":\"agent@" + domain + "\",\"displayName\":\"A\",\"email\":\"agent@" + domain
                        + "\",\"roles\":[\"ADMIN_AGENT\"]}",                                   // 4 provider-only role
                "{\"userName\":\"field@" + domain + "\",\"displayName\":\"F\",\"email\":\"field@" + domain
                        + "\",\"password\":\"clear-text-never\"}",                             // 5 unknown field
                "{\"userName\":\"no-domain\",\"displayName\":\"N\",\"email\":\"x@" + domain + "\"}", // 6 invalid
                "",                                                                            // 7 blank: skipped
                "[1, 2, 3]",                                                                   // 8 not an object
                "{\"userName\":\"locale@" + domain + "\",\"displayName\":\"L\",\"email\":\"l@" + domain
                        + "\",\"locale\":\"ja_JP\"}",                                          // 9 bad locale
                good,                                                                          // 10 created
                "x".repeat(20_000));                                                           // 11 too long
        List<JsonNode> answers = importAs(OPERATOR, domain, "", body + "\n");
        Map<Integer, String> expected = Map.of(1, "invalid-request", 2, "invalid-request", 3, "invalid-request",
                4, "invalid-request", 5, "invalid-request", 6, "invalid-request", 8, "invalid-request",
                9, "invalid-request", 10, "created", 11, "invalid-request");
        assertEquals(expected.size() + 1, answers.size(), answers.toString());
        for (JsonNode answer : answers.subList(0, expected.size())) {
            assertEquals(expected.get(answer.path("line").asInt()), answer.path("result").asText(), answer.toString());
            if (!answer.path("result").asText().equals("created")) {
                assertFalse(answer.path("detail").asText().isBlank(), answer.toString());
            }
        }
        assertEquals("passwordHash", answers.get(1).path("field").asText());
        assertEquals("roles", answers.get(2).path("field").asText());
        assertEquals("password", answers.get(4).path("field").asText());
        assertEquals("locale", answers.get(7).path("field").asText());
        JsonNode summary = answers.get(answers.size() - 1).path("summary");
        assertEquals(10, summary.path("lines").asInt());
        assertEquals(1, summary.path("created").asInt());
        assertEquals(9, summary.path("failed").asInt());
        assertTrue(summary.path("complete").asBoolean());
        assertEquals(1L, db.single("select count(*) from app_user u join tenant t on t.id = u.tenant_id "
                + "where t.domain = ?1", domain));
    }

    @Test
    void whenHostileLinesAreImportedThenEachIsAnInvalidRequestLineAndNothingIsStored() throws Exception {
        String domain = newTenant();
        String ok = "\"userName\":\"h@" + domain + "\",\"displayName\":\"H\",\"email\":\"h@" + domain + "\"";
        List<byte[]> hostile = new ArrayList<>();
        for (String text : new String[] {"{", "{}}", "{} {}", "{'userName':'x'}", "{/* x */}", "undefined",
            "[".repeat(5000) + "]".repeat(5000), "{\"displayName\":".repeat(3000) + "1" + "}".repeat(3000),
            "null", "42", "\"x\"", "{\"__proto__\":{\"admin\":true}}",
            "{" + ok + ",\"displayName\":\"again\"}",
            "{" + ok.replace("\"H\"", "\"a\\u0000b\"") + "}",
            "{" + ok.replace("\"H\"", "\"\\ud800\"") + "}",
            "{" + ok + ",\"emailVerified\":\"yes\"}",
            "{" + ok + ",\"roles\":\"GLOBAL_ADMIN\"}",
            "{" + ok + ",\"passwordHash\":42}",
            "{" + ok + ",\"passwordHash\":[\"$2b$05$x\"]}",
            "{" + ok + ",\"passwordHash\":" + "{\"secretData\":".repeat(800) + "1" + "}".repeat(800) + "}",
            "{" + ok + ",\"passwordHash\":\"$2b$05$mViDYS6l9tK90FQpYogm9uTbD4i1GE9CsGW43RhyppiGF846Hym36\u0000\"}",
            "{" + ok + ",\"passwordChangeRequired\":1e999999}"}) {
            hostile.add((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
        hostile.add(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xc3, 0x28, (byte) 0xff, '"', '}', '\n'});
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (byte[] line : hostile) {
            body.write(line);
        }
        String answer = importing(OPERATOR).body(body.toByteArray())
                .post("/api/v1/tenants/" + domain + "/users/import").then().statusCode(200).extract().asString();
        List<JsonNode> answers = answers(answer);
        assertEquals(hostile.size() + 1, answers.size(), answer);
        for (JsonNode line : answers.subList(0, hostile.size())) {
            assertEquals("invalid-request", line.path("result").asText(), line.toString());
        }
        assertEquals(hostile.size(), answers.get(hostile.size()).path("summary").path("failed").asInt());
        assertEquals(0L, db.single("select count(*) from app_user u join tenant t on t.id = u.tenant_id "
                + "where t.domain = ?1", domain));
    }

    @Test
    void whenAnImportRunsThenOneEventRecordsItsCountsAndOneEachImportedUser() throws Exception {
        String domain = newTenant();
        String admin = signedInUser(domain, "boss", "GLOBAL_ADMIN");
        String body = line("a1@" + domain, null) + "\n" + line("a2@" + domain, null) + "\n{bad\n";
        importAs(admin, domain, "", body);
        List<Object> imported = db.list("select cast(target_user_id as text) from audit_event e join tenant t "
                + "on t.id = e.tenant_id where t.domain = ?1 and e.type = 'user-imported' and e.actor_kind = 'user'",
                domain);
        assertEquals(2, imported.size());
        Object reason = db.single("select reason from audit_event e join tenant t on t.id = e.tenant_id "
                + "where t.domain = ?1 and e.type = 'users-imported' and e.outcome = 'success'", domain);
        assertEquals("lines=3 created=2 skipped=0 failed=1", reason);
    }

    @Test
    void whenImportedWithRolesAndFlagsThenTheUserHasThemAndAPasswordChangeIsRequiredWhereAsked() throws Exception {
        String domain = newTenant();
        String admin = signedInUser(domain, "chief", "GLOBAL_ADMIN");
        String body = "{\"userName\":\"helper@" + domain + "\",\"displayName\":\"Helper\",\"email\":\"helper@"
                + domain + "\",\"roles\":[\"HELPDESK_ADMIN\"],\"locale\":\"fr-ca\",\"emailVerified\":false,"
                + "\"passwordChangeRequired\":true,"
                + "\"passwordHash\":\"$2b$05$mViDYS6l9tK90FQpYogm9uTbD4i1GE9CsGW43RhyppiGF846Hym36\"}\n"
                + line("nopassword@" + domain, null) + "\n";
        List<JsonNode> answers = importAs(admin, domain, "", body);
        String id = answers.get(0).path("id").asText();
        given().auth().oauth2(admin).get("/api/v1/tenants/" + domain + "/users/" + id).then().statusCode(200)
                .body("roles[0]", equalTo("HELPDESK_ADMIN")).body("locale", equalTo("fr-CA"))
                .body("passwordChangeRequired", equalTo(true));
        signInResponse(domain, "helper@" + domain, "Correct-Horse-1").statusCode(200)
                .body("passwordChangeRequired", equalTo(true));
        // No hash: no password until the user recovers; no sign-in works.
        assertNull(storedHash(domain, "nopassword@" + domain));
        signInResponse(domain, "nopassword@" + domain, "").statusCode(400);
        signInResponse(domain, "nopassword@" + domain, "anything-at-all").statusCode(401);
    }

    @Test
    void whenTheCallerIsNotTheOperatorOrAGlobalAdminOfTheTenantThenTheImportIsRefusedBeforeAnyLine() throws Exception {
        String domain = newTenant();
        String userAdmin = signedInUser(domain, "useradmin", "USER_ADMIN");
        String otherAdmin = signedInUser(newTenant(), "otheradmin", "GLOBAL_ADMIN");
        String body = line("never@" + domain, null) + "\n";
        String path = "/api/v1/tenants/" + domain + "/users/import";
        assertProblem(given().contentType(NDJSON).body(body.getBytes(StandardCharsets.UTF_8)).post(path).then(), 401, "unauthorized");
        assertProblem(importing(userAdmin).body(body.getBytes(StandardCharsets.UTF_8)).post(path).then(), 403, "forbidden");
        assertProblem(importing(otherAdmin).body(body.getBytes(StandardCharsets.UTF_8)).post(path).then(), 403, "forbidden");
        assertProblem(importing(OPERATOR).body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/tenants/nowhere.example/users/import").then(),
                404, "not-found");
        assertProblem(given().auth().oauth2(OPERATOR).contentType("application/json").body("{}").post(path).then(),
                415, "unsupported-media-type");
        assertProblem(importing(OPERATOR).body(body.getBytes(StandardCharsets.UTF_8)).post(path + "?onConflict=overwrite").then(), 400,
                "invalid-request");
        assertEquals(0L, db.single("select count(*) from app_user where user_name = ?1", "never@" + domain));
    }

    @Test
    void whenTheImportersRoleIsTakenAwayMidImportThenTheNextBatchIsRefusedAndTheImportStops() throws Exception {
        String domain = newTenant();
        newUser(domain, "keeper", GOOD_PASSWORD, "GLOBAL_ADMIN"); // the tenant keeps a global admin
        newUser(domain, "demoted", GOOD_PASSWORD, "GLOBAL_ADMIN");
        String token = dev.identity.support.Api.signIn(domain, "demoted", GOOD_PASSWORD);
        String demotedId = (String) db.single("select cast(id as text) from app_user where user_name = ?1",
                "demoted@" + domain);
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/tenants/" + domain + "/users/import HTTP/1.1\r\nHost: identity.test\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: " + NDJSON
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunk(out, lines(domain, "first", 1000));
            ChunkedLines in = new ChunkedLines(socket.getInputStream());
            AtomicInteger answered = new AtomicInteger();
            readUntil(in, answered, 1000);
            dev.identity.support.Api.asOperator().body(Map.of("roles", List.of()))
                    .patch("/api/v1/tenants/" + domain + "/users/" + demotedId).then().statusCode(200);
            chunk(out, lines(domain, "second", 1000));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            List<String> rest = new ArrayList<>();
            for (String text; (text = in.next()) != null; ) {
                rest.add(text);
                if (text.contains("\"summary\"")) {
                    break;
                }
            }
            assertTrue(rest.stream().anyMatch(t -> t.contains("\"forbidden\"")), rest.toString());
            assertTrue(rest.get(rest.size() - 1).contains("\"complete\":false"), rest.get(rest.size() - 1));
        }
        assertEquals(1000L, db.single("select count(*) from app_user where user_name like 'first%@" + domain + "'"));
        assertEquals(0L, db.single("select count(*) from app_user where user_name like 'second%@" + domain + "'"));
    }

    @Test
    void whenTheBodyIsStreamedThenAnswersComeBeforeTheBodyHasEnded() throws Exception {
        String domain = newTenant();
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/tenants/" + domain + "/users/import?onConflict=skip HTTP/1.1\r\n"
                    + "Host: identity.test\r\nAuthorization: Bearer " + OPERATOR + "\r\nContent-Type: " + NDJSON
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ChunkedLines in = new ChunkedLines(socket.getInputStream());
            AtomicInteger answered = new AtomicInteger();
            for (int round = 0; round < 3; round++) {
                chunk(out, lines(domain, "r" + round + "-", 1000));
                // The body has not ended: the answers for this batch arrive all the same.
                readUntil(in, answered, 1000 * (round + 1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            for (String text; (text = in.next()) != null; ) {
                if (text.contains("\"summary\"")) {
                    assertTrue(text.contains("\"created\":3000"), text);
                    break;
                }
            }
        }
    }

    private static String lines(String domain, String prefix, int count) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(line(prefix + i + "@" + domain, null)).append('\n');
        }
        return lines.toString();
    }

    private static void chunk(OutputStream out, String data) throws Exception {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads the chunked answer's lines until {@code target} answer lines have come (each read is bounded by the
     * socket's timeout: an answer that does not come fails the test).
     */
    private static void readUntil(ChunkedLines in, AtomicInteger answered, int target) throws Exception {
        while (answered.get() < target) {
            String text = in.next();
            if (text == null) {
                throw new AssertionError("the answer ended after " + answered.get() + " lines");
            }
            if (text.startsWith("{\"line\"")) {
                answered.incrementAndGet();
            }
        }
    }

    /** The lines of a chunked HTTP/1.1 response body, read from the socket as they come (after its head). */
    private static final class ChunkedLines {
        private final InputStream in;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private final java.util.ArrayDeque<String> ready = new java.util.ArrayDeque<>();
        private boolean headRead;

        ChunkedLines(InputStream in) {
            this.in = in;
        }

        /** The next whole line of the body, or null at its end. */
        String next() throws java.io.IOException {
            while (ready.isEmpty()) {
                if (!headRead) {
                    while (!rawLine().isEmpty()) {
                        // status line and headers
                    }
                    headRead = true;
                }
                String size = rawLine();
                if (size.isEmpty()) {
                    continue;
                }
                int length = Integer.parseInt(size.trim(), 16);
                if (length == 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                for (byte b : data) {
                    if (b == '\n') {
                        ready.add(pending.toString(StandardCharsets.UTF_8));
                        pending.reset();
                    } else {
                        pending.write(b);
                    }
                }
            }
            return ready.poll();
        }

        private String rawLine() throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != -1; ) {
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }
}
