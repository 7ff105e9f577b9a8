package dev.identity.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.identity.platform.DatabaseFailure;
import dev.identity.platform.Locales;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become RFC 9457 problem responses; nothing else writes an error body. */
public final class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(5);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        String locale = ProblemTitles.currentLocale();
        Map<String, Object> body = body(e.type(), e.getMessage(), e.violations(), locale);
        body.putAll(e.extensions());
        Response.ResponseBuilder response = Response.status(e.type().status()).type(PROBLEM_JSON).entity(body)
                .header("Content-Language", locale).header("Vary", "Accept-Language");
        if (e.type() == ProblemType.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer realm=\"identity\"");
        }
        if (e.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Violation(fieldOf(v), ruleOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::rule))
                .toList();
        return problem(ProblemException.invalid(violations));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return problem(ProblemException.invalid(pathOf(e), "unknown-field",
                "Unknown field '" + e.getPropertyName() + "'."));
    }

    @ServerExceptionMapper
    public Response wrongValue(InvalidFormatException e) {
        return problem(ProblemException.invalid(pathOf(e), "invalid-value",
                "The value is not one of the accepted values or formats."));
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return problem(ProblemException.invalid(pathOf(e), "wrong-type",
                "The value has the wrong type or the body is missing."));
    }

    /** Jackson raises this for a body its creator cannot take (a key given twice in a record body). */
    @ServerExceptionMapper
    public Response unreadable(InvalidDefinitionException e) {
        return problem(ProblemException.invalid(pathOf(e), "invalid-body", "The body cannot be read as this resource's input."));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return problem(ProblemException.invalid("body", "malformed-json", "The body is not well-formed JSON."));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, Request request) {
        // The REST layer answers 404 when resource classes share a path prefix and the one with the path lacks the
        // method (GET on sign-in): the path exists, so it is a 405 with the methods it takes. (A path that takes
        // the method and still is not found, /users/not-a-uuid, stays a 404.)
        String allow = AllowedMethods.forPath(pathOf(uri));
        if (!allow.isEmpty() && !List.of(allow.split(", ")).contains(request.getMethod())) {
            return Response.fromResponse(problem(ProblemException.of(ProblemType.METHOD_NOT_ALLOWED,
                    "This method is not allowed on this resource."))).header("Allow", allow).build();
        }
        return problem(ProblemException.of(ProblemType.NOT_FOUND, "No such resource."));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response response = problem(ProblemException.of(ProblemType.METHOD_NOT_ALLOWED,
                "This method is not allowed on this resource."));
        String allow = e.getResponse().getHeaderString("Allow");
        if (allow == null || allow.isBlank()) {
            allow = AllowedMethods.forPath(pathOf(uri)); // the REST layer leaves it off; RFC 9110 15.5.6 requires it
        }
        return allow.isEmpty() ? response : Response.fromResponse(response).header("Allow", allow).build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return problem(ProblemException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Send the body as application/json."));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return problem(ProblemException.of(ProblemType.NOT_ACCEPTABLE,
                "This resource answers application/json or application/problem+json."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return problem(ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE, "The body is over the limit."));
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof MismatchedInputException mismatch ? wrongType(mismatch) : malformed(json);
        }
        if (status >= 400 && status < 500) {
            return problem(ProblemException.of(ProblemType.INVALID_REQUEST, "The request could not be read."));
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseFailure.isUnreachable(e)) {
            // Not our fault and not the client's: the database is restarting or failing over. Readiness says
            // the same; the client may try again.
            LOG.warnf("The database is unreachable: %s", DatabaseFailure.describe(e));
            return problem(ProblemException.busy("The service cannot reach its database just now; try again shortly.",
                    DATABASE_RETRY));
        }
        if (clientWentAway(e)) {
            // The client closed the connection while its request was read or its answer written (a timeout, a
            // cancelled request): nobody will read an answer, and nothing of ours failed.
            LOG.debugf("The client closed the connection mid-request: %s",
                    DatabaseFailure.describe(e));
            return problem(ProblemException.of(ProblemType.INVALID_REQUEST, "The request could not be read."));
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s", incident);
        return problem(ProblemException.of(ProblemType.INTERNAL_ERROR,
                "Something went wrong on our side (incident " + incident + ")."));
    }

    /** Whether a failure is the client closing its connection (a timeout, a cancelled fetch), not ours. */
    public static boolean clientWentAway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof HttpClosedException || cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** The body of a problem of this type; also used by HTTP-level handlers outside JAX-RS. */
    public static Map<String, Object> body(ProblemType type, String detail, List<Violation> violations) {
        return body(type, detail, violations, ProblemTitles.currentLocale());
    }

    /**
     * Answers a request that never reaches JAX-RS (a Vert.x route: the body limit, CORS) with a problem of this
     * type, titled in the request's Accept-Language.
     */
    public static void end(RoutingContext ctx, ProblemType type, String detail) {
        end(ctx.request(), type, detail);
    }

    /**
     * Answers a request that no router reached (Netty could not decode it) or that a router answers itself, with a
     * problem of this type; the caller closes the connection where the request cannot be followed by another.
     */
    public static Future<Void> end(HttpServerRequest request, ProblemType type, String detail) {
        String locale = Locales.fromAcceptLanguage(request.getHeader("Accept-Language")).orElse(Locales.DEFAULT);
        return request.response().setStatusCode(type.status()).putHeader("Content-Type", PROBLEM_JSON)
                .putHeader("Content-Language", locale).putHeader("Cache-Control", "no-store")
                .end(Json.encode(body(type, detail, List.of(), locale)));
    }

    /** As above, with the title in the given locale. */
    public static Map<String, Object> body(ProblemType type, String detail, List<Violation> violations,
            String locale) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri());
        body.put("title", ProblemTitles.title(type, locale));
        body.put("status", type.status());
        body.put("detail", detail);
        if (!violations.isEmpty()) {
            body.put("violations", violations);
        }
        return body;
    }

    private static String pathOf(UriInfo uri) {
        String path = uri.getPath();
        return path.startsWith("/") ? path : "/" + path;
    }

    /** The JSON field a mapping failure is about ({@code roles[1]}, {@code passwordHash}), or {@code body}. */
    public static String pathOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    /**
     * The JSON field of a violation: the bean path without the method name; a query or path parameter by
     * its name; the body parameter (always named {@code body}) as {@code body}.
     */
    private static String fieldOf(ConstraintViolation<?> v) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return !field.isEmpty() ? field.toString() : parameter != null ? parameter : "body";
    }

    private static String ruleOf(ConstraintViolation<?> v) {
        String name = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
