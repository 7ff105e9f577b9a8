package dev.identity.ops;

import dev.identity.platform.Jdbc;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.ratelimit.SignInFailures;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps the tables that fill with every request from growing forever: ended sessions, finished or expired
 * recovery flows and email changes, authenticator registrations never confirmed, sent or abandoned mail, idle
 * rate-limit buckets, sign-in failures past their window and addresses no longer familiar. Each runs in its own
 * transaction, in batches, so that no purge holds locks for long; any instance may run it at the same time.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    /** Ended rows stay this long, for support questions ("did the code go out?"). */
    static final Duration KEEP_ENDED = Duration.ofDays(1);
    /** Sent mail rows (already wiped of their content) stay this long. */
    static final Duration KEEP_SENT_MAIL = Duration.ofDays(7);
    private static final int BATCH = 5_000;

    private final Jdbc jdbc;
    private final RateLimiter limits;
    private final SignInFailures failures;

    Housekeeping(Jdbc jdbc, RateLimiter limits, SignInFailures failures) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.failures = failures;
    }

    @Scheduled(every = "${identity.purge.every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge(Instant.now());
    }

    /** Deletes what ended before its keeping time as of {@code now}; the number of rows deleted. */
    public long purge(Instant now) {
        Instant ended = now.minus(KEEP_ENDED);
        long deleted = 0;
        deleted += batches("delete from session where id in (select id from session"
                + " where expires_at < ?1 or revoked_at < ?1 limit " + BATCH + ")", ended);
        deleted += batches("delete from recovery_flow where id in (select id from recovery_flow"
                + " where expires_at < ?1 and (reset_expires_at is null or reset_expires_at < ?1) limit " + BATCH + ")",
                ended);
        deleted += batches("delete from email_change where id in (select id from email_change"
                + " where expires_at < ?1 limit " + BATCH + ")", ended);
        deleted += batches("delete from authenticator where user_id in (select user_id from authenticator"
                + " where state <> 'active' and expires_at < ?1 limit " + BATCH + ")", ended);
        deleted += batches("delete from mail_outbox where id in (select id from mail_outbox"
                + " where sent_at < ?1 or failed_at < ?1 limit " + BATCH + ")", now.minus(KEEP_SENT_MAIL));
        for (SignInFailures.Purge purge : failures.purges()) {
            deleted += batches(purge.sql().formatted(BATCH), now.minus(purge.keep()));
        }
        int buckets;
        do {
            buckets = limits.removeIdle(BATCH);
            deleted += buckets;
        } while (buckets == BATCH);
        if (deleted > 0) {
            LOG.debugf("Housekeeping deleted %d rows", deleted);
        }
        return deleted;
    }

    /** Deletes in batches until one is not full; {@code ?1}, wherever it stands in {@code sql}, is the cutoff. */
    private long batches(String sql, Instant cutoff) {
        Jdbc.Statement delete = Jdbc.Statement.numbered(sql, cutoff);
        long total = 0;
        int deleted;
        do {
            // A batch per statement, in autocommit: no purge holds its locks, or a long transaction, across the
            // whole table.
            deleted = jdbc.update(delete);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
