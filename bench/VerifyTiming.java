import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The recovery verify timing gap (DESIGN.md 4.4, issue 21): a wrong authenticator code for a user who has an
 * authenticator, for one who has none, and for nobody. Against a running service: creates a tenant, a user with a
 * confirmed authenticator and one without, warms up, then for each kind in turn starts a flow and sends four wrong
 * codes (the fifth would lock it), interleaved so that all three see the same machine. Prints medians and 90th
 * percentiles of the verify calls and the largest difference between kinds. Exit status 1 when medians differ by
 * 0.5 ms or more, or 90th percentiles by 1 ms or more.
 *
 * <p>Run: {@code java bench/VerifyTiming.java [baseUrl] [operatorToken] [flowsPerKind]}
 */
public class VerifyTiming {

    private static final String PASSWORD = "Quartz-Lagoon-Ember-84";
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String operator = args.length > 1 ? args[1] : "dev-operator-token";
        int flows = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String domain = "verify-" + Long.toHexString(System.nanoTime()) + ".example";
        send(http, "POST", base + "/api/v1/tenants", operator, """
                {"domain":"%s","displayName":"Verify bench","kind":"customer","selfServiceReset":true}"""
                .formatted(domain), 201);
        for (String who : List.of("holder", "without")) {
            send(http, "POST", base + "/api/v1/tenants/" + domain + "/users", operator, """
                    {"userName":"%s@%s","displayName":"Bench %s","email":"%s@%s","password":"%s"}"""
                    .formatted(who, domain, who, who, domain, PASSWORD), 201);
        }
        String token = field(send(http, "POST", base + "/api/v1/tenants/" + domain + "/sign-in", null, """
                {"userName":"holder@%s","password":"%s"}""".formatted(domain, PASSWORD), 200), "accessToken");
        byte[] seed = base32(field(send(http, "POST", base + "/api/v1/me/security-info/authenticator", token, "",
                201), "secret"));
        send(http, "POST", base + "/api/v1/me/security-info/authenticator/verify", token,
                "{\"code\":\"" + totp(seed, System.currentTimeMillis() / 30_000) + "\"}", 204);

        List<String> kinds = List.of("holder@" + domain, "without@" + domain, "nobody@" + domain);
        List<String> labels = List.of("has authenticator", "has none", "unknown user");
        for (int i = 0; i < 100; i++) {
            for (String kind : kinds) {
                round(http, base, domain, kind, seed, null);
            }
        }
        List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < flows; i++) {
            for (int k = 0; k < 3; k++) {
                // Rotate which kind goes first, so that none always follows another.
                int kind = (k + i) % 3;
                round(http, base, domain, kinds.get(kind), seed, times.get(kind));
            }
        }
        System.out.printf(Locale.ROOT, "recovery verify (authenticator, wrong code) timing, %d calls of each kind%n",
                times.get(0).size());
        System.out.printf(Locale.ROOT, "%-18s %9s %9s %9s%n", "", "p50 ms", "p90 ms", "p99 ms");
        double[] p50 = new double[3];
        double[] p90 = new double[3];
        for (int k = 0; k < 3; k++) {
            p50[k] = percentile(times.get(k), 50);
            p90[k] = percentile(times.get(k), 90);
            System.out.printf(Locale.ROOT, "%-18s %9.3f %9.3f %9.3f%n", labels.get(k), p50[k], p90[k],
                    percentile(times.get(k), 99));
        }
        double medianGap = spread(p50);
        double p90Gap = spread(p90);
        System.out.printf(Locale.ROOT, "gap: median %.3f ms (limit 0.5), p90 %.3f ms (limit 1.0)%n", medianGap, p90Gap);
        boolean ok = medianGap < 0.5 && p90Gap < 1.0;
        System.out.println(ok ? "PASS" : "FAIL");
        System.exit(ok ? 0 : 1);
    }

    /** A flow for the user, and four wrong authenticator codes on it; their times go to {@code into}. */
    private static void round(HttpClient http, String base, String domain, String userName, byte[] seed,
            List<Double> into) throws Exception {
        String flow = field(send(http, "POST", base + "/api/v1/tenants/" + domain + "/recovery", null,
                "{\"userName\":\"" + userName + "\"}", 202), "flowId");
        long step = System.currentTimeMillis() / 30_000;
        String right = totp(seed, step);
        for (int attempt = 0; attempt < 4; attempt++) {
            String wrong = String.format(Locale.ROOT, "%06d", (Integer.parseInt(right) + 1 + attempt * 7919) % 1_000_000);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/recovery/" + flow + "/verify"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"method\":\"authenticator\",\"code\":\"" + wrong + "\"}")).build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (response.statusCode() != 400) {
                throw new IllegalStateException("verify answered " + response.statusCode() + ": " + response.body());
            }
            if (into != null) {
                into.add((t1 - t0) / 1e6);
            }
        }
    }

    private static double spread(double[] values) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }

    private static String send(HttpClient http, String method, String url, String token, String body, int expected)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    /** RFC 6238 with SHA-1, six digits, 30-second steps, as the service's authenticator codes are. */
    private static String totp(byte[] seed, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(seed, "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
