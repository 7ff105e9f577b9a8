package dev.identity.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.identity.support.Api;
import dev.identity.support.Db;
import dev.identity.support.Recovery;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hostile input across every endpoint of API.md: several hundred generated requests with broken and deeply
 * nested JSON, wrong types, huge strings and numbers, invalid UTF-8, control characters, injection strings,
 * odd path segments and odd headers. Every answer must be an RFC 9457 problem of a 4xx status (never a 5xx,
 * never a stack trace), and nothing stored may change. The audit log and the rate-limit counters are left out
 * of that comparison: recording refused attempts and counting them is what they are for.
 */
@QuarkusTest
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Strings that try to be something other than data. */
    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; drop table app_user; --", "\" OR \"\"=\"", "1; select pg_sleep(5)--",
            "${jndi:ldap://127.0.0.1/x}", "#{7*7}", "{{7*7}}", "<script>alert(1)</script>", "../../../../etc/passwd",
            "%00", "admin'--", "*)(uid=*))(|(uid=*", "{\"$ne\": null}", "\u202Egnp.exe", "x\r\nSet-Cookie: a=b");

    /** Path segments no route or resource should trip over. */
    private static final List<String> ODD_SEGMENTS = List.of(
            "..", "%2e%2e", "..%2f..%2fetc", "%00", "%ff%fe", "%c3%28", "a%0d%0aX-Injected:%201",
            "x".repeat(3000), "%27%20OR%20%271%27%3D%271", "%7B%7B7*7%7D%7D", "%E2%80%AE", "null", "-1",
            "00000000-0000-0000-0000-000000000000", "%20", ";a=b", "%252e%252e");

    /**
     * Segments that URL normalisation removes before routing ({@code users/..} is the tenant, {@code ;a=b} a
     * matrix parameter): a GET of what they resolve to rightly succeeds.
     */
    private static final List<String> RESOLVED_BY_URL_RULES = List.of("..", "%2e%2e", ";a=b");

    private record Endpoint(String method, String path, Auth auth, List<String> fields) {
    }

    /**
     * Who sends a request. GUESSER is a second session of the USER's user, for every request to
     * {@code /me/password} and {@code /me/reauthenticate}: their wrong passwords end that session after five
     * (DESIGN.md 4.6, 7), and the
     * USER session must stay live for the other endpoints to reach their validation.
     */
    private enum Auth { NONE, USER, GUESSER, ADMIN, OPERATOR }

    private record Sent(String what, String method, String path, Map<String, String> headers, byte[] body) {
    }

    @Inject
    Db db;

    private String domain;
    private String userId;
    private String flowId;
    private Map<Auth, String> tokens;

    @Test
    void whenHostileRequestsHitEveryEndpointThenEachGetsA4xxProblemAndNothingStoredChanges() throws Exception {
        domain = Api.newTenant();
        userId = Api.newUser(domain, "target", Api.GOOD_PASSWORD);
        tokens = Map.of(Auth.USER, Api.signedInUser(domain, "plain"),
                Auth.GUESSER, Api.signIn(domain, "plain", Api.GOOD_PASSWORD),
                Auth.ADMIN, Api.signedInUser(domain, "admin", "GLOBAL_ADMIN"),
                Auth.OPERATOR, Api.OPERATOR);
        flowId = Recovery.start(domain, "target@" + domain);
        Recovery.code("target@" + domain, 1); // its mail is out: the outbox is at rest before the snapshot

        String before = snapshot();
        List<Sent> requests = generate();
        assertTrue(requests.size() >= 500, "only " + requests.size() + " requests generated");
        List<String> failures = new ArrayList<>();
        for (Sent request : requests) {
            String failure = check(request);
            if (failure != null) {
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + requests.size() + " hostile requests were not answered with a 4xx "
                    + "problem:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        }
        assertEquals(before, snapshot(), "something stored changed");
        // What the defence against guessing did, by design: the guessing session ended, and its user was told.
        assertEquals(1L, ((Number) db.single("select count(*) from session where token_hash = "
                + "sha256(convert_to(?1, 'UTF8')) and revoked_at is not null", tokens.get(Auth.GUESSER))).longValue());
        assertEquals(1L, ((Number) db.single("select count(*) from mail_outbox where tenant_id = (select id from "
                + "tenant where domain = ?1) and kind = 'session-revoked'", domain)).longValue());
    }

    private List<Endpoint> endpoints() {
        String t = "/api/v1/tenants/" + domain;
        String rel = t + "/delegated-admin-relationships/" + UUID.randomUUID();
        String provider = "/api/v1/providers/" + domain + "/customers/" + domain;
        return List.of(
                new Endpoint("POST", t + "/sign-in", Auth.NONE, List.of("userName", "password")),
                new Endpoint("POST", t + "/recovery", Auth.NONE, List.of("userName")),
                new Endpoint("POST", "/api/v1/recovery/" + flowId + "/verify", Auth.NONE, List.of("method", "code")),
                new Endpoint("POST", "/api/v1/recovery/" + flowId + "/reset", Auth.NONE,
                        List.of("resetToken", "newPassword")),
                new Endpoint("POST", "/api/v1/me/password", Auth.GUESSER, List.of("currentPassword", "newPassword")),
                new Endpoint("POST", "/api/v1/me/reauthenticate", Auth.GUESSER, List.of("password")),
                new Endpoint("PUT", "/api/v1/me/security-info/email", Auth.USER, List.of("email")),
                new Endpoint("POST", "/api/v1/me/security-info/email/verify", Auth.USER, List.of("code")),
                new Endpoint("POST", "/api/v1/me/security-info/authenticator/verify", Auth.USER, List.of("code")),
                new Endpoint("POST", "/api/v1/tenants", Auth.OPERATOR,
                        List.of("domain", "displayName", "kind", "selfServiceReset", "supportContact")),
                new Endpoint("PATCH", t, Auth.ADMIN, List.of("displayName", "selfServiceReset", "supportContact")),
                new Endpoint("POST", t + "/users", Auth.ADMIN,
                        List.of("userName", "displayName", "email", "password", "roles", "locale")),
                new Endpoint("PATCH", t + "/users/" + userId, Auth.ADMIN,
                        List.of("displayName", "roles", "locale", "enabled")),
                new Endpoint("POST", t + "/users/" + userId + "/password-reset", Auth.ADMIN,
                        List.of("temporaryPassword")),
                new Endpoint("POST", t + "/delegated-admin-relationships", Auth.ADMIN,
                        List.of("providerTenant", "roles", "durationDays")),
                new Endpoint("POST", rel + "/approve", Auth.ADMIN, List.of()),
                new Endpoint("POST", rel + "/terminate", Auth.ADMIN, List.of()),
                new Endpoint("POST", provider + "/users/" + userId + "/password-reset", Auth.ADMIN,
                        List.of("temporaryPassword")),
                new Endpoint("POST", provider + "/global-admins", Auth.ADMIN,
                        List.of("userName", "displayName", "email")));
    }

    /** Bodies that are wrong whatever the endpoint: each must be refused before anything is done. */
    private List<Map.Entry<String, byte[]>> brokenBodies(List<String> fields) {
        List<Map.Entry<String, byte[]>> bodies = new ArrayList<>();
        String field = fields.isEmpty() ? "x" : fields.get(0);
        add(bodies, "unclosed object", "{");
        add(bodies, "truncated value", "{\"" + field + "\":");
        add(bodies, "trailing garbage", "{}}");
        add(bodies, "two documents", "{} {}");
        add(bodies, "single quotes", "{'" + field + "':'x'}");
        add(bodies, "comment", "{/* x */}");
        add(bodies, "bare word", "undefined");
        add(bodies, "nested arrays 5000 deep", "[".repeat(5000) + "]".repeat(5000));
        add(bodies, "nested objects 3000 deep", ("{\"" + field + "\":").repeat(3000) + "1" + "}".repeat(3000));
        add(bodies, "array root", "[]");
        add(bodies, "string root", "\"x\"");
        add(bodies, "number root", "42");
        add(bodies, "null root", "null");
        add(bodies, "over the size limit", "{\"" + field + "\":\"" + "x".repeat(20_000) + "\"}");
        add(bodies, "duplicate key", "{\"" + field + "\":\"a\",\"" + field + "\":\"b\"}");
        add(bodies, "unknown field", "{\"__proto__\":{\"admin\":true}}");
        add(bodies, "raw control character", "{\"" + field + "\":\"a\u0001b\"}");
        add(bodies, "NUL escape", "{\"" + field + "\":\"a\\u0000b\"}");
        add(bodies, "lone surrogate escape", "{\"" + field + "\":\"\\ud800\"}");
        bodies.add(Map.entry("invalid UTF-8", concat("{\"" + field + "\":\"", new byte[] {(byte) 0xc3, 0x28,
                (byte) 0xff, (byte) 0xfe}, "\"}")));
        for (String f : fields) {
            add(bodies, f + " as array", "{\"" + f + "\":[1,2,3]}");
            add(bodies, f + " as object", "{\"" + f + "\":{\"$ne\":null}}");
            add(bodies, f + " as huge number", "{\"" + f + "\":1e999999}");
            add(bodies, f + " as long integer", "{\"" + f + "\":" + "9".repeat(400) + "}");
            add(bodies, f + " as 15k string", "{\"" + f + "\":\"" + "é".repeat(7_000) + "\"}");
        }
        return bodies;
    }

    /** Requests whose shape is right but whose values try to inject; each is still refused. */
    private List<Sent> injections() {
        String t = "/api/v1/tenants/" + domain;
        List<Sent> sent = new ArrayList<>();
        for (String value : INJECTIONS) {
            sent.add(json("sign-in as " + value, "POST", t + "/sign-in", Auth.NONE,
                    Map.of("userName", value, "password", value)));
            sent.add(json("verify code " + value, "POST", "/api/v1/recovery/" + flowId + "/verify", Auth.NONE,
                    Map.of("method", "email", "code", value)));
            sent.add(json("verify method " + value, "POST", "/api/v1/recovery/" + flowId + "/verify", Auth.NONE,
                    Map.of("method", value, "code", "12345678")));
            sent.add(json("reset token " + value, "POST", "/api/v1/recovery/" + flowId + "/reset", Auth.NONE,
                    Map.of("resetToken", value, "newPassword", "Quiet-Meadow-Copper-77")));
            sent.add(json("own password " + value, "POST", "/api/v1/me/password", Auth.GUESSER,
                    Map.of("currentPassword", value, "newPassword", "Quiet-Meadow-Copper-77")));
            sent.add(json("recovery email " + value, "PUT", "/api/v1/me/security-info/email", Auth.USER,
                    Map.of("email", value)));
            sent.add(json("user name " + value, "POST", t + "/users", Auth.ADMIN,
                    Map.of("userName", value, "displayName", "X", "email", value)));
            sent.add(json("role " + value, "PATCH", t + "/users/" + userId, Auth.ADMIN,
                    Map.of("roles", List.of(value))));
            sent.add(json("locale " + value, "PATCH", t + "/users/" + userId, Auth.ADMIN, Map.of("locale", value)));
            // (Not as a temporary password: any text of 12 or more characters the policy accepts is a password.)
            sent.add(json("tenant kind " + value, "POST", "/api/v1/tenants", Auth.OPERATOR,
                    Map.of("domain", value, "displayName", "X", "kind", value)));
            sent.add(json("provider " + value, "POST", t + "/delegated-admin-relationships", Auth.ADMIN,
                    Map.of("providerTenant", value, "roles", List.of("HELPDESK"), "durationDays", 30)));
            if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) { // what a header can carry
                sent.add(new Sent("bearer " + value, "GET", "/api/v1/me", Map.of("Authorization", "Bearer " + value),
                        null));
            }
            sent.add(new Sent("audit type " + value, "GET", t + "/audit-events?type=" + encode(value), auth(Auth.ADMIN),
                    null));
            sent.add(new Sent("audit cursor " + value, "GET", t + "/audit-events?after=" + encode(value),
                    auth(Auth.ADMIN), null));
            sent.add(new Sent("users cursor " + value, "GET", t + "/users?after=" + encode(value), auth(Auth.ADMIN),
                    null));
        }
        for (String limit : List.of("0", "-1", "201", "99999999999999999999", "1e309", "NaN", "0x10", "%00")) {
            sent.add(new Sent("users limit " + limit, "GET", t + "/users?limit=" + limit, auth(Auth.ADMIN), null));
            sent.add(new Sent("audit limit " + limit, "GET", t + "/audit-events?limit=" + limit, auth(Auth.ADMIN),
                    null));
        }
        for (String days : List.of("0", "-1", "99999999999999999999", "1.5", "1e3", "731")) {
            sent.add(new Sent("duration " + days, "POST", t + "/delegated-admin-relationships",
                    headers(Auth.ADMIN), ("{\"providerTenant\":\"" + domain + "\",\"roles\":[\"HELPDESK\"],"
                            + "\"durationDays\":" + days + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return sent;
    }

    /** Odd path segments in place of each path parameter: unknown tenants, users, flows, relationships. */
    private List<Sent> oddPaths() {
        List<Sent> sent = new ArrayList<>();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        for (String segment : ODD_SEGMENTS) {
            String t = "/api/v1/tenants/" + domain;
            sent.add(new Sent("tenant " + segment, "POST", "/api/v1/tenants/" + segment + "/sign-in",
                    headers(Auth.NONE), "{\"userName\":\"a\",\"password\":\"b\"}".getBytes(StandardCharsets.UTF_8)));
            sent.add(new Sent("recovery tenant " + segment, "POST", "/api/v1/tenants/" + segment + "/recovery",
                    headers(Auth.NONE), "{\"userName\":\"a\"}".getBytes(StandardCharsets.UTF_8)));
            sent.add(new Sent("flow " + segment, "POST", "/api/v1/recovery/" + segment + "/verify", headers(Auth.NONE),
                    "{\"method\":\"email\",\"code\":\"12345678\"}".getBytes(StandardCharsets.UTF_8)));
            sent.add(new Sent("get tenant " + segment, "GET", "/api/v1/tenants/" + segment, auth(Auth.ADMIN), null));
            if (!RESOLVED_BY_URL_RULES.contains(segment)) {
                sent.add(new Sent("get user " + segment, "GET", t + "/users/" + segment, auth(Auth.ADMIN), null));
            }
            sent.add(new Sent("reset user " + segment, "POST", t + "/users/" + segment + "/password-reset",
                    headers(Auth.ADMIN), body));
            sent.add(new Sent("relationship " + segment, "POST", t + "/delegated-admin-relationships/" + segment
                    + "/approve", headers(Auth.ADMIN), null));
            sent.add(new Sent("provider " + segment, "POST", "/api/v1/providers/" + segment + "/customers/" + domain
                    + "/users/" + userId + "/password-reset", headers(Auth.ADMIN), body));
            sent.add(new Sent("unknown route " + segment, "GET", "/api/v1/" + segment, auth(Auth.NONE), null));
        }
        return sent;
    }

    /** Odd headers on a request that must be refused anyway (a sign-in with an unknown user). */
    private List<Sent> oddHeaders() {
        String t = "/api/v1/tenants/" + domain;
        byte[] signIn = "{\"userName\":\"nobody\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        List<Map<String, String>> variants = List.of(
                Map.of("Content-Type", "text/plain"), Map.of("Content-Type", "application/xml"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                Map.of("Content-Type", "multipart/form-data; boundary=x"),
                Map.of("Content-Type", "application/json; charset=utf-32"),
                Map.of("Content-Type", "application/json; charset=nonsense"),
                Map.of("Content-Type", "application/json;;;"), Map.of("Content-Type", "*/*"),
                Map.of("Content-Type", "application/json", "Accept", "application/xml"),
                Map.of("Content-Type", "application/json", "Accept", "text/html;q=1, */*;q=0"),
                Map.of("Content-Type", "application/json", "Accept-Language", "x".repeat(4000)),
                Map.of("Content-Type", "application/json", "Accept-Language", "'; drop table tenant; --"),
                Map.of("Content-Type", "application/json", "Accept-Language", "*;q=abc, de-DE;q=-1"),
                Map.of("Content-Type", "application/json", "X-Forwarded-For", "not-an-address, 999.1.1.1"),
                Map.of("Content-Type", "application/json", "X-Forwarded-For", "x".repeat(4000)),
                Map.of("Content-Type", "application/json", "Forwarded", "for=\"[::1\";by=;;"),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                Map.of("Content-Type", "application/json", "Authorization", "Basic YWRtaW46YWRtaW4="),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer"),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + "A".repeat(4000)),
                Map.of("Content-Type", "application/json", "X-HTTP-Method-Override", "DELETE"));
        List<Sent> sent = new ArrayList<>();
        for (Map<String, String> headers : variants) {
            sent.add(new Sent("sign-in with " + headers, "POST", t + "/sign-in", headers, signIn));
            Map<String, String> withToken = new LinkedHashMap<>(headers);
            withToken.putIfAbsent("Authorization", "Bearer " + tokens.get(Auth.GUESSER));
            sent.add(new Sent("own password with " + headers, "POST", "/api/v1/me/password", withToken,
                    "{\"currentPassword\":\"wrong-one\",\"newPassword\":\"short\"}".getBytes(StandardCharsets.UTF_8)));
        }
        return sent;
    }

    private List<Sent> generate() {
        List<Sent> requests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, byte[]> body : brokenBodies(endpoint.fields())) {
                requests.add(new Sent(body.getKey(), endpoint.method(), endpoint.path(), headers(endpoint.auth()),
                        body.getValue()));
            }
        }
        requests.addAll(injections());
        requests.addAll(oddPaths());
        requests.addAll(oddHeaders());
        return requests;
    }

    /** Sends one request and returns why its answer is wrong, or null when it is a 4xx problem. */
    private String check(Sent request) {
        String label = request.method() + " " + abbreviate(request.path()) + " [" + abbreviate(request.what()) + "]";
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                    + request.path())).timeout(Duration.ofSeconds(30))
                    .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
            response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            return label + ": the test could not form the request (" + e.getMessage() + ")";
        } catch (Exception e) {
            return label + ": no answer (" + e + ")";
        }
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (status < 400 || status >= 500) {
            return label + ": status " + status + " " + abbreviate(body);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return label + ": " + status + " with Content-Type " + type;
        }
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.path("status").asInt() != status || !problem.path("type").asText().startsWith(
                    ProblemType.BASE_URI) || problem.path("title").asText().isEmpty()
                    || problem.path("detail").asText().isEmpty()) {
                return label + ": not a whole problem: " + abbreviate(body);
            }
        } catch (Exception e) {
            return label + ": problem body is not JSON: " + abbreviate(body);
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("dev.identity.")) {
            return label + ": leaks internals: " + abbreviate(body);
        }
        return null;
    }

    /**
     * The stored rows, in order, as digests: every tenant, user and relationship, and this test's tenant's
     * sessions, flows, mail, history, authenticators and email changes (other tests' rows may still be moving:
     * mail being retried, expired rows purged). The audit log and the rate-limit counters are left out, and so are
     * the GUESSER session and the notice its end sends: its wrong current passwords end it after five by design
     * (DESIGN.md 4.6), which the test asserts on its own.
     */
    private String snapshot() {
        String users = "(select id from app_user where tenant_id = (select id from tenant where domain = '" + domain
                + "'))";
        String tenant = "(select id from tenant where domain = '" + domain + "')";
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("tenant", "true");
        tables.put("app_user", "true");
        tables.put("delegated_admin_relationship", "true");
        tables.put("session", "tenant_id = " + tenant + " and token_hash <> sha256(convert_to('"
                + tokens.get(Auth.GUESSER) + "', 'UTF8'))");
        tables.put("recovery_flow", "tenant_id = " + tenant);
        tables.put("mail_outbox", "tenant_id = " + tenant + " and kind <> 'session-revoked'");
        tables.put("password_history", "user_id in " + users);
        tables.put("authenticator", "user_id in " + users);
        tables.put("email_change", "user_id in " + users);
        StringBuilder all = new StringBuilder();
        tables.forEach((table, where) -> all.append(table).append(": ").append(db.single("select count(*) || ' ' || "
                + "md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from " + table + " t where " + where))
                .append('\n'));
        return all.toString();
    }

    private Sent json(String what, String method, String path, Auth auth, Map<String, Object> body) {
        try {
            return new Sent(what, method, path, headers(auth), JSON.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> headers(Auth auth) {
        Map<String, String> headers = new LinkedHashMap<>(auth(auth));
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private Map<String, String> auth(Auth auth) {
        return auth == Auth.NONE ? Map.of() : Map.of("Authorization", "Bearer " + tokens.get(auth));
    }

    private static void add(List<Map.Entry<String, byte[]>> bodies, String what, String body) {
        bodies.add(Map.entry(what, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
