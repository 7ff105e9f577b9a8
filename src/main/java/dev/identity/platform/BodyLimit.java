package dev.identity.platform;

import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Answers bodies over {@code quarkus.http.limits.max-body-size} with an RFC 9457 problem: up front when
 * Content-Length says so, and when Vert.x stops reading a chunked body at the limit. Reads the bodies under the
 * limit on the event loop, before the request goes to a worker thread.
 */
@ApplicationScoped
public class BodyLimit {

    private static final Logger LOG = Logger.getLogger(BodyLimit.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        // Every body is read here, on the event loop, up to the limit (past it Vert.x fails with 413); the REST
        // layer then takes the buffer. Left to the REST layer, a blocking endpoint reads its body on the worker
        // thread, which waits for the event loop to hand each chunk over under a lock: measured under load, the
        // event loop spent as much CPU on that handover as the request spent on its JSON. HTTP/1 only: the REST
        // layer pauses the request it is given, which HTTP/2 refuses once the stream has ended.
        BodyHandler reader = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().version() != HttpVersion.HTTP_2 && hasBody(ctx.request())
                    && !expectsContinue(ctx.request()) && !isForm(ctx.request())) {
                reader.handle(ctx);
            } else {
                ctx.next();
            }
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                tooLarge(ctx);
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
                if (Long.parseLong(declared.trim()) > limit.asLongValue()) {
                    tooLarge(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x refuses a malformed Content-Length itself.
            }
        }
        ctx.next();
    }

    private static void tooLarge(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            return;
        }
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // The unread rest of the body is not wanted; HTTP/2 has no such header and ends the stream instead.
            ctx.response().putHeader("Connection", "close");
        }
        ProblemMappers.end(ctx, ProblemType.PAYLOAD_TOO_LARGE, "The body is over the limit of 16 KiB.");
    }
}
