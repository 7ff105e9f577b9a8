package dev.identity.ratelimit;

import dev.identity.IdentityConfig;
import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.platform.Jdbc;
import dev.identity.platform.RequestInfo;
import dev.identity.platform.SecretBox;
import dev.identity.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Request limits (DESIGN.md 4.5, 4.6): token buckets in PostgreSQL, so that every instance draws from the same
 * ones, taken all or nothing by one call of {@code rate_limit_take} (migration V6).
 *
 * <p>Why plain SQL and not Bucket4j, which this replaced: a request is limited by several buckets (its address,
 * its tenant, ...), and one refused by the narrow one must take nothing from the wide one, or a single address
 * empties a tenant's backstop and locks everybody out. Bucket4j takes each bucket in a transaction of its own, so
 * "all or nothing" would need refunds, which are second writes that can fail or race. Here the buckets of a
 * request are locked in a fixed order (narrow first) and moved together, in one statement of twenty lines that a
 * reviewer can read whole, on the database's clock, and in one round trip where Bucket4j took five per bucket.
 * Each bucket is GCRA's single timestamp; the key is an HMAC of the limit and what it counts, so the table holds
 * no user name and no address.
 */
@Startup
@ApplicationScoped
public class RateLimiter {

    /** Every limit that is a token bucket, with the setting that sizes it. */
    public enum Limit {
        SIGN_IN_PER_ADDRESS("sign-in-per-address"),
        SIGN_IN_PER_TENANT("sign-in-per-tenant"),
        RECOVERY_START_PER_ADDRESS("recovery-start-per-address"),
        RECOVERY_START_PER_TENANT("recovery-start-per-tenant"),
        RECOVERY_MAILS_PER_ACCOUNT_AND_ADDRESS("recovery-mails-per-account-and-address"),
        RECOVERY_MAILS_PER_ACCOUNT("recovery-mails-per-account"),
        VERIFY_PER_ADDRESS("verify-per-address"),
        VERIFY_PER_TENANT("verify-per-tenant"),
        CREDENTIAL_CHECKS_PER_USER("credential-checks-per-user"),
        CREDENTIAL_CHECKS_PER_ADDRESS("credential-checks-per-address");

        private final String slug;

        Limit(String slug) {
            this.slug = slug;
        }

        /** How the limit is named in audit events and metrics. */
        public String slug() {
            return slug;
        }
    }

    /** One request to take from a limit's bucket for {@code value} (an address, a tenant id, a user id...). */
    public record Take(Limit limit, String value) {
    }

    /** Who would be refused, for the audit event (of type rate-limited) that records it. */
    public record Refusing(UUID tenantId, Actor actor, UUID target) {
    }

    /** Sized as {@code <requests>/<period>}: a bucket of that many, refilled evenly over the period. */
    record Size(long requests, Duration period) {
        long emissionMicros() {
            return Math.max(1, period.toNanos() / 1000 / requests);
        }

        long burstMicros() {
            return emissionMicros() * requests;
        }
    }

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*([smhd])\\s*");
    private static final String PURPOSE = "rate-limit";

    private final boolean enabled;
    private final Map<Limit, Size> sizes = new EnumMap<>(Limit.class);
    private final DataSource dataSource;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final RequestInfo request;
    private final Jdbc jdbc;

    RateLimiter(IdentityConfig config, DataSource dataSource, SecretBox secrets, AuditLog audit,
            MeterRegistry registry, RequestInfo request, Jdbc jdbc) {
        this.request = request;
        this.jdbc = jdbc;
        IdentityConfig.RateLimit rate = config.rateLimit();
        this.enabled = rate.enabled();
        this.dataSource = dataSource;
        this.secrets = secrets;
        this.audit = audit;
        this.registry = registry;
        sizes.put(Limit.SIGN_IN_PER_ADDRESS, parse("sign-in.per-address", rate.signIn().perAddress()));
        sizes.put(Limit.SIGN_IN_PER_TENANT, parse("sign-in.per-tenant", rate.signIn().perTenant()));
        sizes.put(Limit.RECOVERY_START_PER_ADDRESS, parse("recovery-start.per-address",
                rate.recoveryStart().perAddress()));
        sizes.put(Limit.RECOVERY_START_PER_TENANT, parse("recovery-start.per-tenant",
                rate.recoveryStart().perTenant()));
        sizes.put(Limit.RECOVERY_MAILS_PER_ACCOUNT_AND_ADDRESS, parse("recovery-start.mails-per-account-and-address",
                rate.recoveryStart().mailsPerAccountAndAddress()));
        sizes.put(Limit.RECOVERY_MAILS_PER_ACCOUNT, parse("recovery-start.mails-per-account",
                rate.recoveryStart().mailsPerAccount()));
        sizes.put(Limit.VERIFY_PER_ADDRESS, parse("verify.per-address", rate.verify().perAddress()));
        sizes.put(Limit.VERIFY_PER_TENANT, parse("verify.per-tenant", rate.verify().perTenant()));
        sizes.put(Limit.CREDENTIAL_CHECKS_PER_USER, parse("credential-checks.per-user",
                rate.credentialChecks().perUser()));
        sizes.put(Limit.CREDENTIAL_CHECKS_PER_ADDRESS, parse("credential-checks.per-address",
                rate.credentialChecks().perAddress()));
    }

    /**
     * Takes one request from each limit, all or nothing, or refuses with 429 rate-limited (Retry-After: until the
     * refusing bucket lets one through) and an audit event naming the limit. List the narrow limits first: the
     * tenant's backstop last.
     */
    public void admit(Refusing refusing, Take... takes) {
        Optional<Refusal> refusal = tryTake(takes);
        if (refusal.isPresent()) {
            throw refuse(refusing, refusal.get().limit().slug(), refusal.get().retryAfter());
        }
    }

    /**
     * The limits of a known user's work that costs a hash or checks a code (DESIGN.md 4.6): per user and per
     * client address, like sign-in.
     */
    public void admitCredentialCheck(UUID tenantId, Actor actor, UUID userId) {
        admit(new Refusing(tenantId, actor, userId),
                new Take(Limit.CREDENTIAL_CHECKS_PER_ADDRESS, request.clientLimitKey()),
                new Take(Limit.CREDENTIAL_CHECKS_PER_USER, userId.toString()));
    }

    /** A limit that refused, and how long until it would not. */
    public record Refusal(Limit limit, Duration retryAfter) {
    }

    /**
     * Takes one request from each limit, all or nothing, in an autocommit statement of its own, so that the
     * buckets are locked for that one call: for a request before it opens any transaction.
     */
    public Optional<Refusal> tryTake(Take... takes) {
        if (!enabled || takes.length == 0) {
            return Optional.empty();
        }
        Object[] arguments = arguments(takes);
        long[] answer = QuarkusTransaction.suspendingExisting().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(TAKE)) {
                statement.setArray(1, connection.createArrayOf("bytea", (Object[]) arguments[0]));
                statement.setArray(2, connection.createArrayOf("bigint", (Object[]) arguments[1]));
                statement.setArray(3, connection.createArrayOf("bigint", (Object[]) arguments[2]));
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return answer(row);
                }
            }
        });
        return refusal(takes, answer);
    }

    /**
     * The same, on the caller's transaction and connection: the buckets stay locked until it ends, and a request
     * that already holds a connection does not ask the pool for a second one (thirty-two such requests at once
     * would otherwise wait on each other for the pool).
     */
    public Optional<Refusal> tryTakeInTransaction(Take... takes) {
        if (!enabled || takes.length == 0) {
            return Optional.empty();
        }
        return refusal(takes, jdbc.first(TAKE, RateLimiter::answer, arguments(takes)).orElseThrow());
    }

    private static final String TAKE = "select refused, retry_after_ms from rate_limit_take(?, ?, ?)";

    /** The function's arguments: the keys, and each bucket's emission interval and burst in microseconds. */
    private Object[] arguments(Take... takes) {
        byte[][] keys = new byte[takes.length][];
        Long[] emission = new Long[takes.length];
        Long[] burst = new Long[takes.length];
        for (int i = 0; i < takes.length; i++) {
            Size size = sizes.get(takes[i].limit());
            keys[i] = secrets.hmac(PURPOSE, takes[i].limit().name() + "\u0000" + takes[i].value());
            emission[i] = size.emissionMicros();
            burst[i] = size.burstMicros();
        }
        return new Object[] {keys, emission, burst};
    }

    private static long[] answer(ResultSet row) throws SQLException {
        return new long[] {row.getInt(1), row.getLong(2)};
    }

    private static Optional<Refusal> refusal(Take[] takes, long[] answer) {
        if (answer[0] == 0) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(takes[(int) answer[0] - 1].limit(), Duration.ofMillis(answer[1])));
    }

    /** The 429 of a limit that refused, counted and audited (in a transaction of its own). */
    public ProblemException refuse(Refusing refusing, String limit, Duration retryAfter) {
        registry.counter("identity.rate.limited", "limit", limit).increment();
        audit.refused(refusing.tenantId(), AuditType.RATE_LIMITED, refusing.actor(), refusing.target(), limit);
        return ProblemException.rateLimited(retryAfter);
    }

    /** Deletes up to {@code batch} buckets that are full again (as good as absent); the number deleted. */
    public int removeIdle(int batch) {
        return QuarkusTransaction.suspendingExisting().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement("""
                            delete from rate_limit where key in (
                                select key from rate_limit where tat < clock_timestamp() limit ?)""")) {
                statement.setInt(1, batch);
                return statement.executeUpdate();
            }
        });
    }

    /** {@code 5/15m}: five requests, refilled evenly over fifteen minutes. */
    static Size parse(String key, String limit) {
        Matcher m = SIZE.matcher(limit);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0 || Long.parseLong(m.group(2)) == 0) {
            throw new IllegalArgumentException("identity.rate-limit." + key + " must look like 5/15m (requests/"
                    + "period with s, m, h or d), not '" + limit + "'");
        }
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return new Size(Long.parseLong(m.group(1)), period);
    }

    /** The same form, for limits that count rather than bucket (sign-in failures): how many in what window. */
    public static Window window(String key, String limit) {
        Size size = parse(key, limit);
        return new Window((int) Math.min(Integer.MAX_VALUE, size.requests()), size.period());
    }

    /** At most {@code count} in any {@code period}. */
    public record Window(int count, Duration period) {
    }
}
