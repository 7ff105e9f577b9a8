import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The recovery-start timing gap between an existing user and an unknown one (DESIGN.md 4.1), or, with
 * {@code capped:N}, between an existing user within the code-mail caps and one past them (DESIGN.md 4.5): the
 * second user is sent N starts first, which the service must be configured to cap at N.
 *
 * <p>Against a running service: creates a tenant and a user with the operator token, warms up, then sends
 * recovery-starts for the existing user and for an unknown one, interleaved one by one so that both see the
 * same machine, and prints the medians and 90th percentiles of each and their differences. Exit status 1 when
 * the medians differ by 0.5 ms or more, or the 90th percentiles by 1 ms or more.
 *
 * <p>Run: {@code java bench/RecoveryTiming.java [baseUrl] [operatorToken] [requestsPerKind] [unknown|capped:N]}
 */
public class RecoveryTiming {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String operator = args.length > 1 ? args[1] : "dev-operator-token";
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        String mode = args.length > 3 ? args[3] : "unknown";
        int cap = mode.startsWith("capped:") ? Integer.parseInt(mode.substring(7)) : 0;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String domain = "timing-" + Long.toHexString(System.nanoTime()) + ".example";
        post(http, base + "/api/v1/tenants", operator, """
                {"domain":"%s","displayName":"Timing bench","kind":"customer","selfServiceReset":true}"""
                .formatted(domain), 201);
        post(http, base + "/api/v1/tenants/" + domain + "/users", operator, """
                {"userName":"present@%s","displayName":"Present Person","email":"present@%s",
                 "password":"Quartz-Lagoon-Ember-84"}""".formatted(domain, domain), 201);

        String existing = "present@" + domain;
        String unknown = "absent@" + domain;
        String otherLabel = "unknown user";
        if (cap > 0) {
            unknown = "capped@" + domain;
            otherLabel = "past the cap";
            post(http, base + "/api/v1/tenants/" + domain + "/users", operator, """
                    {"userName":"%s","displayName":"Capped Person","email":"%s",
                     "password":"Quartz-Lagoon-Ember-84"}""".formatted(unknown, unknown), 201);
            for (int i = 0; i < cap; i++) {
                start(http, base, domain, unknown);
            }
        }
        for (int i = 0; i < 300; i++) {
            start(http, base, domain, existing);
            start(http, base, domain, unknown);
        }
        List<Double> present = new ArrayList<>(n);
        List<Double> absent = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Alternate which goes first so that neither always follows the other.
            if (i % 2 == 0) {
                present.add(start(http, base, domain, existing));
                absent.add(start(http, base, domain, unknown));
            } else {
                absent.add(start(http, base, domain, unknown));
                present.add(start(http, base, domain, existing));
            }
        }
        double p50Present = percentile(present, 50);
        double p50Absent = percentile(absent, 50);
        double p90Present = percentile(present, 90);
        double p90Absent = percentile(absent, 90);
        double medianGap = Math.abs(p50Present - p50Absent);
        double p90Gap = Math.abs(p90Present - p90Absent);
        System.out.printf(Locale.ROOT, "recovery-start timing, %d requests of each kind, interleaved%n", n);
        System.out.printf(Locale.ROOT, "%-16s %9s %9s %9s%n", "", "p50 ms", "p90 ms", "p99 ms");
        System.out.printf(Locale.ROOT, "%-16s %9.3f %9.3f %9.3f%n", cap > 0 ? "within the caps" : "existing user",
                p50Present, p90Present, percentile(present, 99));
        System.out.printf(Locale.ROOT, "%-16s %9.3f %9.3f %9.3f%n", otherLabel, p50Absent, p90Absent,
                percentile(absent, 99));
        System.out.printf(Locale.ROOT, "gap: median %.3f ms (limit 0.5), p90 %.3f ms (limit 1.0)%n", medianGap, p90Gap);
        boolean ok = medianGap < 0.5 && p90Gap < 1.0;
        System.out.println(ok ? "PASS" : "FAIL");
        System.exit(ok ? 0 : 1);
    }

    private static double start(HttpClient http, String base, String domain, String userName) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + domain + "/recovery"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userName\":\"" + userName + "\"}")).build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        if (response.statusCode() != 202) {
            throw new IllegalStateException("recovery-start answered " + response.statusCode() + ": " + response.body());
        }
        return (t1 - t0) / 1e6;
    }

    private static void post(HttpClient http, String url, String token, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
