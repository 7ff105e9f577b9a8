package dev.identity.mail;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The dispatcher's statements on {@code mail_outbox}, in plain SQL like every statement on that table: the claim of
 * a batch under a lease, the writes of what came of it (each only while the lease is still the claimer's), the retry
 * schedule, and the backlog the gauges and health checks read. The dispatcher chooses the transactions.
 */
@ApplicationScoped
class OutboxLeases {

    private static final Logger LOG = Logger.getLogger(OutboxLeases.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);
    /** After this long undelivered, a message is given up and counted as failed. */
    private static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private final Jdbc jdbc;
    private final AuditLog audit;

    OutboxLeases(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The outbox as the gauges and the health checks read it: what waits, and the oldest's age in seconds. */
    record Backlog(long pending, long oldestSeconds) {
    }

    /** A due message as a batch claims it. */
    record Due(UUID id, UUID tenantId, UUID userId, String kind, String recipient, String sealedMessage,
            Instant createdAt, int attempts, boolean decoy) {
    }

    /** What came of a message: sent, or why not. */
    record Outcome(Due message, Throwable failure) {
    }

    /** What waits in the outbox now. */
    Backlog backlog() {
        return jdbc.first("""
                select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)::bigint
                from mail_outbox where sent_at is null and failed_at is null""",
                row -> new Backlog(row.getLong(1), row.getLong(2))).orElse(new Backlog(0, 0));
    }

    /** Claims up to {@code batch} due messages for {@code owner}, for {@code lease} from now. */
    List<Due> claim(UUID owner, Duration lease, int batch) {
        return jdbc.list("""
                update mail_outbox set lease_owner = ?, lease_until = now() + ? * interval '1 millisecond'
                where id in (
                    select id from mail_outbox
                    where sent_at is null and failed_at is null and next_attempt_at <= now()
                      and (lease_until is null or lease_until < now())
                    order by next_attempt_at limit ? for update skip locked)
                returning id, tenant_id, user_id, kind, recipient, sealed_message, created_at, attempts, decoy""",
                row -> new Due(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                        row.getObject(3, UUID.class), row.getString(4), row.getString(5), row.getString(6),
                        Jdbc.instant(row, 7), row.getInt(8), row.getBoolean(9)), owner, lease.toMillis(), batch);
    }

    /** Writes what came of a batch, in one statement guarded by the lease. */
    void settle(UUID owner, List<Outcome> outcomes, List<Due> untried) {
        jdbc.writeAll(writes(owner, outcomes, untried));
    }

    /**
     * The writes of a batch's end, each only while this process still holds the message's lease: sent (and the
     * code's audit event), a retry scheduled or given up, and the untried let go at once.
     */
    private List<Jdbc.Statement> writes(UUID owner, List<Outcome> outcomes, List<Due> untried) {
        List<Jdbc.Statement> writes = new ArrayList<>();
        Instant now = Instant.now();
        List<UUID> sent = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            Due message = outcome.message();
            if (outcome.failure() != null) {
                writes.add(notSent(owner, message, outcome.failure(), now));
                continue;
            }
            sent.add(message.id());
            if (!message.decoy() && MailKind.RECOVERY_CODE.template().equals(message.kind())) {
                writes.add(audit.recording(new AuditLog.Entry(message.tenantId(), AuditType.RECOVERY_CODE_SENT,
                        Actor.SYSTEM, message.userId(), AuditLog.Outcome.SUCCESS, null)));
            }
        }
        if (!sent.isEmpty()) {
            writes.add(0, Jdbc.Statement.of("""
                    update mail_outbox set sent_at = ?, sealed_message = null, last_error = null, lease_until = null
                    where id = any(?) and lease_owner = ? and sent_at is null""", now, sent.toArray(UUID[]::new),
                    owner));
        }
        if (!untried.isEmpty()) {
            writes.add(Jdbc.Statement.of("""
                    update mail_outbox set lease_until = null
                    where id = any(?) and lease_owner = ? and sent_at is null""",
                    untried.stream().map(Due::id).toArray(UUID[]::new), owner));
        }
        return writes;
    }

    /**
     * The update that schedules the retry of a message not sent, or gives it up after {@link #GIVE_UP_AFTER}; only
     * while this process holds its lease. The backoff counts from now, when the send is known to have failed.
     */
    private Jdbc.Statement notSent(UUID owner, Due message, Throwable why, Instant now) {
        int attempts = message.attempts() + 1;
        String error = why.getClass().getSimpleName();
        if (message.createdAt().plus(GIVE_UP_AFTER).isBefore(now)) {
            LOG.errorf("Gave up on mail %s (%s) after %d attempts", message.id(), message.kind(), attempts);
            return Jdbc.Statement.of("""
                    update mail_outbox set attempts = ?, last_error = ?, failed_at = ?, sealed_message = null,
                        lease_until = null
                    where id = ? and lease_owner = ? and sent_at is null""", attempts, error, now, message.id(), owner);
        }
        LOG.warnf("Mail %s (%s) not sent, attempt %d: %s (%s)", message.id(), message.kind(), attempts, error,
                describe(why));
        return Jdbc.Statement.of("""
                update mail_outbox set attempts = ?, last_error = ?, next_attempt_at = ?, lease_until = null
                where id = ? and lease_owner = ? and sent_at is null""", attempts, error, now.plus(backoff(attempts)),
                message.id(), owner);
    }

    /** What went wrong, for the log: the exception's message and its cause's, shortened. */
    private static String describe(Throwable why) {
        String text = why.getMessage() + (why.getCause() != null ? " / " + why.getCause() : "");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** 2 s, 4 s, 8 s ... up to 5 minutes, with up to 20 % jitter so instances do not retry in step. */
    static Duration backoff(int attempts) {
        long base = FIRST_RETRY.toMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(base, LONGEST_RETRY.toMillis());
        return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 5 + 1));
    }
}
