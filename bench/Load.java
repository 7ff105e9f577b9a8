import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loads the benchmark's tenant store and writes the requests each workload sends (bench/run.sh runs it).
 *
 * <p>Through the API, with the operator token: a tenant {@code bench.example}, one user whose password is hashed
 * by the service, and a global admin. Then straight into PostgreSQL, because hashing a million passwords one by
 * one would take hours: {@code users} users {@code user<n>@bench.example} that all carry that one hash, and
 * recovery flows in the states verify and reset need, with codes and reset tokens this program chose, kept as
 * the service keeps them (HMAC-SHA256 under the key derived from {@code IDENTITY_SECRETS_KEY}). Requests then
 * do exactly the work of real ones; only where their data came from differs.
 *
 * <p>Each requests file has one request per line: method, path, JSON body and an optional bearer token,
 * separated by tabs. workload.lua sends them.
 *
 * <p>Run: {@code java -cp <postgresql.jar> bench/Load.java <baseUrl> <operatorToken> <jdbcUrl> <secretsKey>
 * <users> <outDir>}
 */
public class Load {

    static final String DOMAIN = "bench.example";
    static final String PASSWORD = "Amber-Falcon-Trellis-19";
    static final String CODE = "24681357";
    /** Enough of each that no workload runs out at the rates this service reaches on a few cores. */
    static final int SIGN_IN_LINES = 20_000;
    static final int RECOVERY_START_LINES = 100_000;
    static final int VERIFY_FLOWS = 200_000;
    static final int RESET_FLOWS = 10_000;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String operator = args[1];
        String jdbcUrl = args[2];
        byte[] hmacKey = derive(Base64.getDecoder().decode(args[3].trim()), "hmac");
        int users = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        Files.createDirectories(out);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        call(http, "POST", base + "/api/v1/tenants", operator, """
                {"domain":"%s","displayName":"Bench","kind":"customer","selfServiceReset":true}""".formatted(DOMAIN),
                201);
        call(http, "POST", base + "/api/v1/tenants/" + DOMAIN + "/users", operator, """
                {"userName":"seed@%1$s","displayName":"Seed","email":"seed@%1$s","password":"%2$s"}"""
                .formatted(DOMAIN, PASSWORD), 201);
        call(http, "POST", base + "/api/v1/tenants/" + DOMAIN + "/users", operator, """
                {"userName":"admin@%1$s","displayName":"Bench Admin","email":"admin@%1$s","password":"%2$s",
                 "roles":["GLOBAL_ADMIN"]}""".formatted(DOMAIN, PASSWORD), 201);
        String adminToken = field(call(http, "POST", base + "/api/v1/tenants/" + DOMAIN + "/sign-in", null, """
                {"userName":"admin@%s","password":"%s"}""".formatted(DOMAIN, PASSWORD), 200), "accessToken");

        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            db.setAutoCommit(false);
            UUID tenantId;
            String hash;
            try (Statement s = db.createStatement();
                    ResultSet r = s.executeQuery("select tenant_id, password_hash from app_user where user_name = 'seed@"
                            + DOMAIN + "'")) {
                r.next();
                tenantId = (UUID) r.getObject(1);
                hash = r.getString(2);
            }
            loadUsers(db, tenantId, hash, users);
            List<UUID> ids = userIds(db, tenantId, Math.min(users, RESET_FLOWS));
            Random random = new Random(42);
            writeSignIns(out.resolve("sign-in.txt"), users, random);
            writeRecoveryStarts(out.resolve("recovery-start.txt"), users, random);
            writeVerifies(db, out.resolve("verify.txt"), tenantId, users, hmacKey);
            writeResets(db, out.resolve("reset.txt"), tenantId, ids, hmacKey);
            writeOnBehalf(out.resolve("on-behalf-reset.txt"), ids, adminToken);
        }
    }

    /** {@code users} users in chunks of 100,000, each chunk one statement and one commit. */
    static void loadUsers(Connection db, UUID tenantId, String hash, int users) throws Exception {
        long t0 = System.nanoTime();
        try (PreparedStatement insert = db.prepareStatement("""
                insert into app_user (id, tenant_id, user_name, user_name_key, display_name, email, email_verified,
                                      roles, password_hash, password_changed_at, created_at, updated_at)
                select gen_random_uuid(), ?, 'user' || n || '@bench.example', 'user' || n || '@bench.example',
                       'Bench User ' || n,
                       'user' || n || '@bench.example', true, '{}', ?, now(), now(), now()
                from generate_series(?, ?) n""")) {
            for (int from = 1; from <= users; from += 100_000) {
                insert.setObject(1, tenantId);
                insert.setString(2, hash);
                insert.setInt(3, from);
                insert.setInt(4, Math.min(users, from + 99_999));
                insert.executeUpdate();
                db.commit();
            }
        }
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.execute("vacuum analyze app_user");
        }
        db.setAutoCommit(false);
        System.out.printf(Locale.ROOT, "loaded %,d users in %.1f s%n", users, (System.nanoTime() - t0) / 1e9);
    }

    static List<UUID> userIds(Connection db, UUID tenantId, int count) throws Exception {
        List<UUID> ids = new ArrayList<>(count);
        try (PreparedStatement s = db.prepareStatement(
                "select id from app_user where tenant_id = ? and user_name_key = 'user' || ? || '@bench.example'")) {
            for (int n = 1; n <= count; n++) {
                s.setObject(1, tenantId);
                s.setInt(2, n);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    ids.add((UUID) r.getObject(1));
                }
            }
        }
        return ids;
    }

    static void writeSignIns(Path file, int users, Random random) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int i = 0; i < SIGN_IN_LINES; i++) {
                w.printf("POST\t/api/v1/tenants/%s/sign-in\t{\"userName\":\"user%d@%s\",\"password\":\"%s\"}\t%n",
                        DOMAIN, 1 + random.nextInt(users), DOMAIN, PASSWORD);
            }
        }
    }

    static void writeRecoveryStarts(Path file, int users, Random random) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int i = 0; i < RECOVERY_START_LINES; i++) {
                w.printf("POST\t/api/v1/tenants/%s/recovery\t{\"userName\":\"user%d@%s\"}\t%n",
                        DOMAIN, 1 + random.nextInt(users), DOMAIN);
            }
        }
    }

    /**
     * Pending flows whose mailed code is {@link #CODE}, spread over the users, as recovery-start leaves them. A
     * user has at most one open flow (a start replaces the others), so each of these carries an account key of
     * its own: were they all under their user's key, every later recovery-start would replace some twenty.
     */
    static void writeVerifies(Connection db, Path file, UUID tenantId, int users, byte[] hmacKey) throws Exception {
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file));
                PreparedStatement insert = db.prepareStatement("""
                        insert into recovery_flow (id, tenant_id, user_id, account_key, state, required_methods,
                                                   need_count, email_code_hash, email_code_expires, created_at,
                                                   expires_at)
                        select ?, ?, id, ?, 'pending', '{email}', 1, ?, ?, ?, ?
                        from app_user where tenant_id = ? and user_name_key = ?""")) {
            for (int i = 0; i < VERIFY_FLOWS; i++) {
                String userName = "user" + (1 + i % users) + "@" + DOMAIN;
                UUID flow = UUID.randomUUID();
                insert.setObject(1, flow);
                insert.setObject(2, tenantId);
                insert.setBytes(3, hmac(hmacKey, "recovery-account", tenantId + "\u0000" + userName + "#" + i));
                insert.setBytes(4, hmac(hmacKey, "recovery-code", flow + "\u0000" + CODE));
                insert.setTimestamp(5, Timestamp.from(now.plus(Duration.ofHours(2))));
                insert.setTimestamp(6, Timestamp.from(now));
                insert.setTimestamp(7, Timestamp.from(now.plus(Duration.ofHours(2))));
                insert.setObject(8, tenantId);
                insert.setString(9, userName);
                insert.addBatch();
                w.printf("POST\t/api/v1/recovery/%s/verify\t{\"method\":\"email\",\"code\":\"%s\"}\t%n", flow, CODE);
                if (i % 1000 == 999) {
                    insert.executeBatch();
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        }
        System.out.printf(Locale.ROOT, "prepared %,d pending flows in %.1f s%n", VERIFY_FLOWS,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Verified flows with a reset token this program chose, one per user, as verify leaves them. */
    static void writeResets(Connection db, Path file, UUID tenantId, List<UUID> ids, byte[] hmacKey)
            throws Exception {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file));
                PreparedStatement insert = db.prepareStatement("""
                        insert into recovery_flow (id, tenant_id, user_id, account_key, state, required_methods,
                                                   passed_methods, need_count, email_code_hash, email_code_expires,
                                                   email_code_used_at, reset_token_hash, reset_expires_at,
                                                   created_at, expires_at)
                        values (?, ?, ?, ?, 'verified', '{email}', '{email}', 1, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < ids.size(); i++) {
                UUID flow = UUID.randomUUID();
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                insert.setObject(1, flow);
                insert.setObject(2, tenantId);
                insert.setObject(3, ids.get(i));
                insert.setBytes(4, hmac(hmacKey, "recovery-account", tenantId + "\u0000user" + (i + 1) + "@" + DOMAIN));
                insert.setBytes(5, hmac(hmacKey, "recovery-code", flow + "\u0000" + CODE));
                insert.setTimestamp(6, Timestamp.from(now.plus(Duration.ofHours(2))));
                insert.setTimestamp(7, Timestamp.from(now));
                insert.setBytes(8, hmac(hmacKey, "recovery-reset-token", flow + "\u0000" + token));
                insert.setTimestamp(9, Timestamp.from(now.plus(Duration.ofHours(2))));
                insert.setTimestamp(10, Timestamp.from(now));
                insert.setTimestamp(11, Timestamp.from(now.plus(Duration.ofHours(2))));
                insert.addBatch();
                w.printf("POST\t/api/v1/recovery/%s/reset\t{\"resetToken\":\"%s\",\"newPassword\":\"Cedar-Quill-Harbor-%s\"}\t%n",
                        flow, token, letters(i));
            }
            insert.executeBatch();
            db.commit();
        }
    }

    /** A number in letters (k to t for 0 to 9), so that no new password contains a user's number. */
    static String letters(int n) {
        StringBuilder out = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            out.append((char) ('k' + (c - '0')));
        }
        return out.toString();
    }

    static void writeOnBehalf(Path file, List<UUID> ids, String adminToken) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (UUID id : ids) {
                w.printf("POST\t/api/v1/tenants/%s/users/%s/password-reset\t{}\t%s%n", DOMAIN, id, adminToken);
            }
        }
    }

    static byte[] derive(byte[] master, String label) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(master, "HmacSHA256"));
        return mac.doFinal(("identity-service/" + label).getBytes(StandardCharsets.UTF_8));
    }

    /** As the service's SecretBox.hmac: HMAC-SHA256 of purpose, a zero byte, and the value. */
    static byte[] hmac(byte[] key, String purpose, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(purpose.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    static String call(HttpClient http, String method, String url, String token, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
