package dev.identity.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one exception type for every expected refusal; the mapper turns it into an RFC 9457 body. */
public final class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Violation> violations;
    private final Map<String, Object> extensions;
    private final Duration retryAfter;

    private ProblemException(ProblemType type, String detail, List<Violation> violations,
            Map<String, Object> extensions, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.violations = List.copyOf(violations);
        this.extensions = Map.copyOf(extensions);
        this.retryAfter = retryAfter;
    }

    public static ProblemException of(ProblemType type, String detail) {
        return new ProblemException(type, detail, List.of(), Map.of(), null);
    }

    public static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(ProblemType.INVALID_REQUEST, "The request has invalid fields.", violations,
                Map.of(), null);
    }

    public static ProblemException invalid(String field, String rule, String message) {
        return invalid(List.of(new Violation(field, rule, message)));
    }

    public static ProblemException passwordPolicy(List<Violation> violations) {
        return new ProblemException(ProblemType.PASSWORD_POLICY, "The new password was refused.", violations,
                Map.of(), null);
    }

    public static ProblemException busy(String detail, Duration retryAfter) {
        return new ProblemException(ProblemType.SERVICE_BUSY, detail, List.of(), Map.of(), retryAfter);
    }

    public static ProblemException rateLimited(Duration retryAfter) {
        return new ProblemException(ProblemType.RATE_LIMITED, "Too many requests; try again later.", List.of(),
                Map.of(), retryAfter);
    }

    /** A copy carrying an extra member of the problem body (for example {@code supportContact}). */
    public ProblemException with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new ProblemException(type, getMessage(), violations, more, retryAfter);
    }

    public ProblemType type() {
        return type;
    }

    public List<Violation> violations() {
        return violations;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
