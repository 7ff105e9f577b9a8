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
 * What the limits cost a request (DESIGN.md 4.5): two instances of the service on the same machine, one with the
 * limits on (sized wide, so that they count but never refuse) and one with them off, each on its own database;
 * sign-ins and recovery-starts are sent one at a time, alternating between the two, so that both see the same
 * machine, and the medians and 90th percentiles of each are compared.
 *
 * <p>Run: {@code java bench/LimitsOverhead.java onUrl offUrl operatorToken [signIns] [starts]}
 */
public class LimitsOverhead {

    private static final String PASSWORD = "Quartz-Lagoon-Ember-84";

    public static void main(String[] args) throws Exception {
        String on = args[0];
        String off = args[1];
        String operator = args[2];
        int signIns = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int starts = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String domain = "overhead-" + Long.toHexString(System.nanoTime()) + ".example";
        for (String base : List.of(on, off)) {
            post(http, base + "/api/v1/tenants", operator, """
                    {"domain":"%s","displayName":"Overhead bench","kind":"customer","selfServiceReset":true}"""
                    .formatted(domain), 201);
            post(http, base + "/api/v1/tenants/" + domain + "/users", operator, """
                    {"userName":"present@%s","displayName":"Present Person","email":"present@%s",
                     "password":"%s"}""".formatted(domain, domain, PASSWORD), 201);
        }
        String signIn = "/api/v1/tenants/" + domain + "/sign-in";
        String signInBody = "{\"userName\":\"present@" + domain + "\",\"password\":\"" + PASSWORD + "\"}";
        String start = "/api/v1/tenants/" + domain + "/recovery";
        String startBody = "{\"userName\":\"present@" + domain + "\"}";
        System.out.printf(Locale.ROOT, "%-24s %9s %9s %9s%n", "", "p50 ms", "p90 ms", "p99 ms");
        compare(http, "sign-in", on + signIn, off + signIn, signInBody, 200, signIns);
        compare(http, "recovery-start", on + start, off + start, startBody, 202, starts);
    }

    private static void compare(HttpClient http, String name, String on, String off, String body, int status, int n)
            throws Exception {
        for (int i = 0; i < Math.max(100, n / 5); i++) {
            post(http, on, null, body, status);
            post(http, off, null, body, status);
        }
        List<Double> withLimits = new ArrayList<>(n);
        List<Double> without = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                withLimits.add(time(http, on, body, status));
                without.add(time(http, off, body, status));
            } else {
                without.add(time(http, off, body, status));
                withLimits.add(time(http, on, body, status));
            }
        }
        print(name + ", limits on", withLimits);
        print(name + ", limits off", without);
        System.out.printf(Locale.ROOT, "%-24s %9.3f %9.3f%n", name + ", overhead",
                percentile(withLimits, 50) - percentile(without, 50), percentile(withLimits, 90) - percentile(without, 90));
    }

    private static double time(HttpClient http, String url, String body, int status) throws Exception {
        long t0 = System.nanoTime();
        post(http, url, null, body, status);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void print(String name, List<Double> values) {
        System.out.printf(Locale.ROOT, "%-24s %9.3f %9.3f %9.3f%n", name, percentile(values, 50), percentile(values, 90),
                percentile(values, 99));
    }

    private static void post(HttpClient http, String url, String token, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
