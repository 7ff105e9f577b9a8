package dev.identity.ratelimit;

import dev.identity.IdentityConfig;
import dev.identity.platform.RequestInfo;
import dev.identity.platform.SecretBox;
import dev.identity.problem.ProblemException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLadvisoryLockBasedProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Token buckets per account, per client address and per tenant, for each limited endpoint, kept in
 * PostgreSQL by Bucket4j (one advisory lock per bucket), so that every instance draws from the same buckets.
 * Bucket ids are keyed hashes of what they limit: the table holds no user name and no address.
 */
@ApplicationScoped
public class RateLimiter {

    /** The endpoints that are limited. */
    public enum Endpoint {
        SIGN_IN, RECOVERY_START, VERIFY
    }

    /** What a bucket counts. */
    public enum Scope {
        ACCOUNT, ADDRESS, TENANT
    }

    private static final Pattern LIMIT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*([smhd])\\s*");
    private static final String PURPOSE = "rate-limit";

    private final boolean enabled;
    private final Map<Endpoint, Map<Scope, BucketConfiguration>> limits = new EnumMap<>(Endpoint.class);
    private final PostgreSQLadvisoryLockBasedProxyManager<Long> buckets;
    private final SecretBox secrets;
    private final RequestInfo request;
    private final MeterRegistry registry;

    RateLimiter(IdentityConfig config, DataSource dataSource, SecretBox secrets, RequestInfo request,
            MeterRegistry registry) {
        IdentityConfig.RateLimit rate = config.rateLimit();
        this.enabled = rate.enabled();
        this.secrets = secrets;
        this.request = request;
        this.registry = registry;
        limits.put(Endpoint.SIGN_IN, scopes("sign-in", rate.signIn()));
        limits.put(Endpoint.RECOVERY_START, scopes("recovery-start", rate.recoveryStart()));
        limits.put(Endpoint.VERIFY, scopes("verify", rate.verify()));
        this.buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("rate_limit_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
    }

    /**
     * Takes one request from the endpoint's account, address and tenant buckets, or refuses with 429
     * rate-limited and the time until the emptiest bucket lets one through. {@code account} identifies the
     * account as asked (for example tenant id and user name), whether or not it exists.
     */
    public void check(Endpoint endpoint, UUID tenantId, String account) {
        if (!enabled) {
            return;
        }
        take(endpoint, Scope.TENANT, tenantId.toString());
        String address = request.clientAddress();
        if (address != null) {
            take(endpoint, Scope.ADDRESS, address);
        }
        take(endpoint, Scope.ACCOUNT, tenantId + "\u0000" + account.toLowerCase(Locale.ROOT));
    }

    public boolean enabled() {
        return enabled;
    }

    /** Deletes up to {@code batch} buckets that are full again (idle); the number deleted. */
    public int removeIdle(int batch) {
        return QuarkusTransaction.suspendingExisting().call(() -> buckets.removeExpired(batch));
    }

    private void take(Endpoint endpoint, Scope scope, String value) {
        long id = bucketId(endpoint, scope, value);
        BucketConfiguration configuration = limits.get(endpoint).get(scope);
        // Bucket4j runs its own JDBC transaction: never inside the caller's JTA transaction.
        ConsumptionProbe probe = QuarkusTransaction.suspendingExisting().call(
                () -> buckets.getProxy(id, () -> configuration).tryConsumeAndReturnRemaining(1));
        if (!probe.isConsumed()) {
            registry.counter("identity.rate.limited", "endpoint", slug(endpoint), "scope", slug(scope)).increment();
            throw ProblemException.rateLimited(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    private long bucketId(Endpoint endpoint, Scope scope, String value) {
        byte[] mac = secrets.hmac(PURPOSE, endpoint.name() + "\u0000" + scope.name() + "\u0000" + value);
        return ByteBuffer.wrap(mac, 0, Long.BYTES).getLong();
    }

    private static Map<Scope, BucketConfiguration> scopes(String name, IdentityConfig.Scopes scopes) {
        Map<Scope, BucketConfiguration> map = new EnumMap<>(Scope.class);
        map.put(Scope.ACCOUNT, parse(name + ".per-account", scopes.perAccount()));
        map.put(Scope.ADDRESS, parse(name + ".per-address", scopes.perAddress()));
        map.put(Scope.TENANT, parse(name + ".per-tenant", scopes.perTenant()));
        return map;
    }

    /** {@code 5/15m}: five requests, refilled evenly over fifteen minutes. */
    static BucketConfiguration parse(String key, String limit) {
        Matcher m = LIMIT.matcher(limit);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0 || Long.parseLong(m.group(2)) == 0) {
            throw new IllegalArgumentException("identity.rate-limit." + key + " must look like 5/15m (requests/"
                    + "period with s, m, h or d), not '" + limit + "'");
        }
        long requests = Long.parseLong(m.group(1));
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(requests).refillGreedy(requests, period))
                .build();
    }

    private static String slug(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
