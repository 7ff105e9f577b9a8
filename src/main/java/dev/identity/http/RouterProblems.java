package dev.identity.http;

import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every answer the HTTP router gives before or around the API's own code is a problem too (DESIGN.md 9): a path
 * Vert.x cannot decode ({@code /%zz}) or that does not start with a slash, an HTTP/1.1 request without a Host
 * header, a failure in a route of the framework's (health, metrics, OpenAPI), a method the operations endpoints do
 * not take. Without this, Vert.x answers those with an empty body and Quarkus with a text page. Installed on the
 * public router and, when it is on, the management interface's.
 */
@ApplicationScoped
public class RouterProblems {

    private static final Logger LOG = Logger.getLogger(RouterProblems.class);
    /** The operations endpoints only read. */
    private static final String OPERATIONS = "/q/(health|metrics|openapi|swagger-ui)(/.*)?";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final String READ_ONLY_ALLOW = "GET, HEAD, OPTIONS";

    /** Off in production unless QUARKUS_SWAGGER_UI_ALWAYS_INCLUDE=true; when off, its route answers an empty 404. */
    @ConfigProperty(name = "quarkus.swagger-ui.enabled", defaultValue = "true")
    boolean swaggerUi;

    void onPublicRouter(@Observes Router router) {
        install(router);
    }

    void onManagementInterface(@Observes ManagementInterface management) {
        install(management.router());
    }

    private void install(Router router) {
        router.routeWithRegex(OPERATIONS).order(Integer.MIN_VALUE + 2).handler(this::operations);
        // After every other route's failure handler (the body limit's answers its 413 itself), before Quarkus'
        // own, which is last and writes text or HTML.
        router.route().order(Integer.MAX_VALUE - 1).failureHandler(RouterProblems::failed);
        // Unhandled failures that reach no failure handler: a path the router cannot decode, no route at all.
        for (int status = 400; status < 600; status++) {
            router.errorHandler(status, RouterProblems::failed);
        }
    }

    private void operations(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (!swaggerUi && ctx.normalizedPath().startsWith("/q/swagger-ui")) {
            ProblemMappers.end(ctx, ProblemType.NOT_FOUND, "No such resource.");
        } else if (READS.contains(method)) {
            ctx.next();
        } else if (method == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).putHeader("Allow", READ_ONLY_ALLOW).end();
        } else {
            ctx.response().putHeader("Allow", READ_ONLY_ALLOW);
            ProblemMappers.end(ctx, ProblemType.METHOD_NOT_ALLOWED, "The operations endpoints only answer GET.");
        }
    }

    private static void failed(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure != null && ProblemMappers.clientWentAway(failure)) {
            LOG.debugf("The client closed the connection: %s", failure.getClass().getSimpleName());
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode()
                : failure instanceof HttpException http ? http.getStatusCode() : 500;
        ProblemType type = typeOf(status);
        String detail = detailOf(type, failure);
        if (type == ProblemType.INTERNAL_ERROR) {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(failure, "Unexpected failure in the HTTP layer (%s %s), incident %s",
                    ctx.request().method().name(), ctx.request().path(), incident);
            detail = "Something went wrong on our side (incident " + incident + ").";
        }
        if (ctx.response().headWritten()) {
            ctx.response().close(); // half an answer is out: the client sees the connection end, not a wrong body
            return;
        }
        ProblemMappers.end(ctx, type, detail);
    }

    /** The problem for a status the HTTP layer chose; one outside the API's vocabulary becomes its nearest. */
    static ProblemType typeOf(int status) {
        return switch (status) {
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 414 -> ProblemType.URI_TOO_LONG;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ProblemType.RATE_LIMITED;
            case 431 -> ProblemType.HEADERS_TOO_LARGE;
            case 503 -> ProblemType.SERVICE_BUSY;
            default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.INVALID_REQUEST;
        };
    }

    private static String detailOf(ProblemType type, Throwable failure) {
        return switch (type) {
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This method is not allowed on this resource.";
            case INVALID_REQUEST -> failure != null && String.valueOf(failure.getMessage()).contains("'Host' header")
                    ? "An HTTP/1.1 request must carry a Host header."
                    : "The request could not be read: its path, query or headers are not valid.";
            default -> type.title() + ".";
        };
    }
}
