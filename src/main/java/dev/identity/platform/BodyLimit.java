package dev.identity.platform;

import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers bodies over {@code quarkus.http.limits.max-body-size} with an RFC 9457 problem: up front when
 * Content-Length says so, and when Vert.x stops reading a chunked body at the limit.
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        // A body without Content-Length (chunked) is read up to the limit here; past it Vert.x fails with 413.
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().getHeader("Content-Length") == null
                    && ctx.request().getHeader("Transfer-Encoding") != null) {
                chunked.handle(ctx);
            } else {
                ctx.next();
            }
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                tooLarge(ctx);
            } else {
                ctx.next();
            }
        });
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
        ctx.response().setStatusCode(413).putHeader("Content-Type", ProblemMappers.PROBLEM_JSON);
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // The unread rest of the body is not wanted; HTTP/2 has no such header and ends the stream instead.
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().end(Json.encode(ProblemMappers.body(ProblemType.PAYLOAD_TOO_LARGE,
                        "The body is over the limit of 16 KiB.", List.of(),
                        Locales.fromAcceptLanguage(ctx.request().getHeader("Accept-Language")).orElse(Locales.DEFAULT))));
    }
}
