package dev.identity.http;

import dev.identity.IdentityConfig;
import dev.identity.platform.ByteSizes;
import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Answers bodies over {@code identity.max-body-size} (16 KiB) with an RFC 9457 problem: up front when Content-Length
 * says so, and when Vert.x stops reading a chunked body at the limit. Reads the bodies under the limit on the event
 * loop, before the request goes to a worker thread. The user import is the one exception: its body is a stream of
 * up to {@code identity.import.max-body-size}, read by the import line by line; Quarkus' own cap
 * ({@code quarkus.http.limits.max-body-size}) is set to that, and this class puts every other request back under
 * the API's.
 */
@ApplicationScoped
public class BodyLimit {

    private static final Logger LOG = Logger.getLogger(BodyLimit.class);
    /** The key under which Quarkus' REST layer finds the most a streamed body may carry. */
    private static final String MAX_REQUEST_SIZE_KEY = "io.quarkus.max-request-size";
    /** Just after Quarkus' upload-limit route ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    private static final int AFTER_UPLOAD_LIMIT = -1;
    private static final Pattern IMPORT = Pattern.compile("^/api/v1/tenants/[^/]+/users/import/?$");

    private final long limit;
    private final long importLimit;

    BodyLimit(IdentityConfig config) {
        this.limit = config.maxBodySize().asLongValue();
        this.importLimit = config.userImport().maxBodySize().asLongValue();
    }

    /** Whether a request is a user import, whose body is a stream of its own size. */
    public static boolean isImport(HttpServerRequest request) {
        return request.method() == HttpMethod.POST && IMPORT.matcher(request.path()).matches();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        // Quarkus' upload-limit route has just said the import's cap; the REST layer reads what it says.
        router.route().order(AFTER_UPLOAD_LIMIT).handler(ctx -> {
            // The import stops at its own cap and says so in its last line: Vert.x' is a little further.
            ctx.put(MAX_REQUEST_SIZE_KEY, isImport(ctx.request()) ? importLimit + (1L << 20) : limit);
            ctx.next();
        });
        // Every body is read here, on the event loop, up to the limit (past it Vert.x fails with 413); the REST
        // layer then takes the buffer. Left to the REST layer, a blocking endpoint reads its body on the worker
        // thread, which waits for the event loop to hand each chunk over under a lock: measured under load, the
        // event loop spent as much CPU on that handover as the request spent on its JSON. HTTP/1 only: the REST
        // layer pauses the request it is given, which HTTP/2 refuses once the stream has ended.
        BodyHandler reader = BodyHandler.create(false).setBodyLimit(limit);
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().version() != HttpVersion.HTTP_2 && hasBody(ctx.request())
                    && !expectsContinue(ctx.request()) && !isForm(ctx.request()) && !isImport(ctx.request())) {
                reader.handle(ctx);
            } else {
                ctx.next();
            }
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                tooLarge(ctx, limit);
            } else if (ctx.failure() != null && ProblemMappers.clientWentAway(ctx.failure())) {
                // The reader's exception handler hears the connection close, even once the body is read and a
                // worker has the request: nobody is left to answer, and it is not the service's failure.
                LOG.debugf("The client closed the connection: %s", ctx.failure().getClass().getSimpleName());
            } else {
                ctx.next();
            }
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return length != null ? !length.trim().equals("0") : request.getHeader("Transfer-Encoding") != null;
    }

    /** A client that waits for 100 Continue is left to the REST layer, which sends it when it starts reading. */
    private static boolean expectsContinue(HttpServerRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
    }

    /** Form bodies (which no endpoint takes) are not parsed here; the REST layer refuses them with 415. */
    private static boolean isForm(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && (type.toLowerCase(Locale.ROOT).startsWith("multipart/")
                || type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"));
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared != null) {
            try {
                boolean isImport = isImport(ctx.request());
                if (Long.parseLong(declared.trim()) > (isImport ? importLimit : limit)) {
                    tooLarge(ctx, isImport ? importLimit : limit);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x refuses a malformed Content-Length itself.
            }
        }
        ctx.next();
    }

    private static void tooLarge(RoutingContext ctx, long limit) {
        if (ctx.response().headWritten()) {
            return;
        }
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // The unread rest of the body is not wanted; HTTP/2 has no such header and ends the stream instead.
            ctx.response().putHeader("Connection", "close");
        }
        ProblemMappers.end(ctx, ProblemType.PAYLOAD_TOO_LARGE,
                "The body is over the limit of " + ByteSizes.describe(limit) + ".");
    }
}
