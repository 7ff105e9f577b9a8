package dev.identity.http;

import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Answers a request Netty cannot decode with a problem: a request line over the limit (414 {@code uri-too-long}),
 * headers over the limit (431 {@code headers-too-large}), anything else malformed (400 {@code invalid-request});
 * and one whose URI Quarkus would refuse before any router (400). Vert.x' and Quarkus' own answers for these have
 * an empty body, or there is none at all.
 *
 * <p>Vert.x has the hook for it, {@code HttpServer#invalidRequestHandler}, but Quarkus 3.34 creates and starts its
 * HTTP server without a way to reach it (quarkusio/quarkus#55082). What Quarkus does let an application set is
 * the Vert.x options, and with them a tracer. Vert.x calls the tracer's {@code receiveRequest} when a request
 * begins, before it picks the handler for it: the connection's request handler when Netty decoded the request,
 * its invalid-request handler when not. So this tracer traces nothing; for a request that failed to decode it sets
 * the connection's invalid-request handler to ours, just before Vert.x reads it. {@code HttpEdgesTest} sends each
 * kind of broken request over a raw socket: an upgrade of Vert.x that changes the order fails it there.
 */
@ApplicationScoped
public class InvalidRequests implements VertxOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(InvalidRequests.class);

    @Override
    public void accept(VertxOptions options) {
        TracingOptions tracing = options.getTracingOptions();
        VertxTracerFactory other = tracing == null ? null : tracing.getFactory();
        Handler<HttpServerRequest> answer = answer(limit("quarkus.http.limits.max-initial-line-length", 4096),
                limit("quarkus.http.limits.max-header-size", 20 * 1024));
        TracingOptions ours = tracing == null ? new TracingOptions() : new TracingOptions(tracing);
        options.setTracingOptions(ours.setFactory(
                o -> new InstallingTracer(other == null ? VertxTracer.NOOP : other.tracer(o), answer)));
    }

    private static long limit(String name, long fallback) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(name, MemorySize.class).map(MemorySize::asLongValue)
                    .orElse(fallback);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    static Handler<HttpServerRequest> answer(long lineLimit, long headerLimit) {
        return request -> {
            DecoderResult result = request.decoderResult();
            Throwable cause = result == null ? null : result.cause();
            ProblemType type;
            String detail;
            if (cause instanceof TooLongHttpLineException) {
                type = ProblemType.URI_TOO_LONG;
                detail = "The request line is over the limit of " + lineLimit + " bytes: send long data in a body.";
            } else if (cause instanceof TooLongHttpHeaderException) {
                type = ProblemType.HEADERS_TOO_LARGE;
                detail = "The request headers are over the limit of " + headerLimit + " bytes.";
            } else if (cause instanceof InvalidUri) {
                type = ProblemType.INVALID_REQUEST;
                detail = "The request URI is not valid (RFC 3986): percent-encode what is not a URI character.";
            } else {
                type = ProblemType.INVALID_REQUEST;
                detail = "The request is not valid HTTP/1.1 (RFC 9112): its request line or a header is malformed.";
            }
            LOG.debugf("Refused a request Netty could not decode: %s", cause);
            // Netty's decoder discards everything after a bad message: the connection cannot carry another.
            ProblemMappers.end(request, type, detail).onComplete(done -> request.connection().close());
        };
    }

    /**
     * Quarkus answers a request whose URI {@code java.net.URI} refuses ({@code /%zz}, a space, a bare {@code %})
     * with an empty 400 before any router sees it: the same test, made here first.
     */
    static boolean uriValid(String uri) {
        if (uri == null) {
            return false;
        }
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Marks a request Netty decoded but whose URI is not valid as undecodable, so that Vert.x hands it to the
     * invalid-request handler and not on to Quarkus. The Netty request is reached through Vert.x' package-private
     * accessor; if a Vert.x upgrade removes it, such requests get Quarkus' empty 400 again (and a warning, once).
     */
    private static boolean markUndecodable(HttpServerRequest request) {
        if (NETTY_REQUEST == null) {
            return false;
        }
        try {
            if (NETTY_REQUEST.invoke(request) instanceof io.netty.handler.codec.http.HttpRequest netty) {
                netty.setDecoderResult(DecoderResult.failure(new InvalidUri()));
                return true;
            }
        } catch (Throwable e) {
            LOG.debugf("Could not mark a request with an invalid URI: %s", e);
        }
        return false;
    }

    private static final MethodHandle NETTY_REQUEST = nettyRequestAccessor();

    private static MethodHandle nettyRequestAccessor() {
        try {
            Class<?> type = Class.forName("io.vertx.core.http.impl.Http1xServerRequest");
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                    .findVirtual(type, "nettyRequest", MethodType.methodType(io.netty.handler.codec.http.HttpRequest.class))
                    .asType(MethodType.methodType(Object.class, HttpServerRequest.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Requests with an invalid URI will get an empty 400: %s", e);
            return null;
        }
    }

    /** A URI {@code java.net.URI} refuses. */
    static final class InvalidUri extends RuntimeException {
        InvalidUri() {
            super("The request URI is not valid", null, false, false);
        }
    }

    /** Traces nothing itself (it passes every call on); installs {@code answer} on connections that need it. */
    private record InstallingTracer(VertxTracer<Object, Object> next, Handler<HttpServerRequest> answer)
            implements VertxTracer<Object, Object> {

        @Override
        public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
            if (request instanceof HttpServerRequest http && http.decoderResult() != null
                    && http.connection() instanceof HttpServerConnection c) {
                if (http.decoderResult().isFailure()) {
                    c.invalidRequestHandler(answer);
                } else if (!uriValid(http.uri()) && markUndecodable(http)) {
                    c.invalidRequestHandler(answer);
                }
            }
            return next.receiveRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void sendResponse(Context context, R response, Object payload, Throwable failure,
                TagExtractor<R> tagExtractor) {
            next.sendResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                String operation, BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
            return next.sendRequest(context, kind, policy, request, operation, headers, tagExtractor);
        }

        @Override
        public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure,
                TagExtractor<R> tagExtractor) {
            next.receiveResponse(context, response, payload, failure, tagExtractor);
        }

        @Override
        public void close() {
            next.close();
        }
    }
}
