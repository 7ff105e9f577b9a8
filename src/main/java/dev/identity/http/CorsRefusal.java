package dev.identity.http;

import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request from an origin that CORS refuses with a 403 {@code forbidden} problem. Quarkus' CORS filter
 * (configured by {@code IDENTITY_CORS_ORIGINS}) stays the one that allows origins and writes the CORS headers;
 * it refuses with an empty 403, which tells the developer in the browser's network panel nothing, and the
 * contract wants every error to be a problem.
 *
 * <p>This runs before that filter and only answers where the filter would surely refuse: an Origin that is not
 * among the configured ones (exactly, or by a {@code /regex/} entry, with the filter's own matching) and whose
 * host is not the host the request was sent to (a same-origin request from a browser also carries an Origin,
 * and only the filter judges those); or a configured Origin with a method the configuration does not list,
 * outside a preflight. Everything else goes on to the filter.
 */
@ApplicationScoped
public class CorsRefusal {

    @ConfigProperty(name = "quarkus.http.cors.enabled")
    boolean enabled;

    @ConfigProperty(name = "quarkus.http.cors.origins")
    Optional<List<String>> origins;

    @ConfigProperty(name = "quarkus.http.cors.methods")
    Optional<List<String>> methods;

    /** The origins configured by name, and by {@code /regex/}. */
    private List<String> named;
    private List<Pattern> patterns;

    void install(@Observes Router router) {
        named = origins.orElse(List.of());
        if (!enabled || named.contains("*")) {
            return; // no filter, or every origin allowed
        }
        patterns = CORSFilter.parseAllowedOriginsRegex(origins);
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            ctx.next();
        } else if (named.contains(origin) || CORSFilter.isOriginAllowedByRegex(patterns, origin)) {
            if (isPreflight(request) || methodAllowed(request.method().name())) {
                ctx.next();
            } else {
                ProblemMappers.end(ctx, ProblemType.FORBIDDEN, "The method " + request.method().name()
                        + " is not allowed in cross-origin requests (CORS).");
            }
        } else if (sameHost(request, origin)) {
            ctx.next();
        } else {
            ProblemMappers.end(ctx, ProblemType.FORBIDDEN, "Requests from this origin are not allowed (CORS): it "
                    + "is not among the service's configured origins (IDENTITY_CORS_ORIGINS).");
        }
    }

    private static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS
                && (request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null
                        || request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS) != null);
    }

    /** Whether the filter lets a configured origin use the method (every one when none or "*" is configured). */
    private boolean methodAllowed(String method) {
        return methods.map(allowed -> allowed.stream().map(String::trim)
                .anyMatch(m -> m.equals("*") || m.equalsIgnoreCase(method))).orElse(true);
    }

    /**
     * Whether the Origin names the host the request was sent to, as the filter sees it (the absolute URI, which
     * honours trusted forwarded headers) or as the Host header says; scheme and port are left to the filter.
     */
    private static boolean sameHost(HttpServerRequest request, String origin) {
        String host = hostOf(origin);
        return host != null && (host.equalsIgnoreCase(String.valueOf(hostOf(request.absoluteURI())))
                || request.authority() != null && host.equalsIgnoreCase(request.authority().host()));
    }

    /** The host of an origin or URI; null when it has none ("null" from a sandboxed page, or garbage). */
    private static String hostOf(String uri) {
        try {
            return uri == null ? null : URI.create(uri).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
