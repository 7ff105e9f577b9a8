package dev.identity.problem;

/** The error vocabulary of the API: each slug is the last segment of a problem's {@code type} URI. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "The request is not valid"),
    UNAUTHORIZED("unauthorized", 401, "Authentication is required"),
    FORBIDDEN("forbidden", 403, "This action is not allowed"),
    PASSWORD_CHANGE_REQUIRED("password-change-required", 403, "The password must be changed first"),
    REAUTHENTICATION_REQUIRED("reauthentication-required", 403, "Confirm your password first"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    URI_TOO_LONG("uri-too-long", 414, "The request URI is too long"),
    HEADERS_TOO_LARGE("headers-too-large", 431, "The request headers are too large"),
    CONFLICT("conflict", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The request body must be JSON"),
    INVALID_CODE("invalid-code", 400, "The code is not valid"),
    FLOW_EXPIRED("flow-expired", 410, "The recovery has expired"),
    FLOW_LOCKED("flow-locked", 423, "The recovery is locked"),
    PASSWORD_POLICY("password-policy", 422, "The password does not meet the policy"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    SELF_SERVICE_DISABLED("self-service-disabled", 403, "Self-service password reset is disabled"),
    ON_BEHALF_RESET_BLOCKED("on-behalf-reset-blocked", 403, "Resetting a password on behalf of a user is not available"),
    ROLE_NOT_PERMITTED("role-not-permitted", 403, "Your role does not permit this"),
    NO_DELEGATED_RELATIONSHIP("no-delegated-relationship", 403, "No active delegated relationship permits this"),
    DELEGATION_NOT_AVAILABLE("delegation-not-available", 403, "Delegated administration is not available"),
    SERVICE_BUSY("service-busy", 503, "The service is busy"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    /** Base of every problem type URI. */
    public static final String BASE_URI = "https://identity.example/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    /** The type with this slug (the refusals of the access policy name theirs by slug). */
    public static ProblemType ofSlug(String slug) {
        for (ProblemType type : values()) {
            if (type.slug.equals(slug)) {
                return type;
            }
        }
        throw new IllegalArgumentException("No problem type " + slug);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return BASE_URI + slug;
    }
}
