package dev.identity.mail;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.platform.DatabaseFailure;
import dev.identity.platform.Jdbc;
import dev.identity.platform.SecretBox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import dev.identity.IdentityConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends what waits in the outbox, a batch of messages per transaction: the rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so with several instances each message goes to exactly one of them, and
 * they are marked sent in the same transaction that sent them. A failure schedules a retry with exponential
 * backoff; nothing is dropped while the SMTP server is down.
 */
@ApplicationScoped
public class MailDispatcher {

    private static final Logger LOG = Logger.getLogger(MailDispatcher.class);
    /** Messages claimed and sent per transaction. */
    private static final int BATCH = 25;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);
    /** After this long undelivered, a message is given up and counted as failed. */
    private static final Duration GIVE_UP_AFTER = Duration.ofDays(3);
    /**
     * How long a wake waits before it dispatches, so that mail queued meanwhile goes in the same batch. Under a
     * few dozen resets a second, a dispatch per mail was a claiming read, a write and two commits per mail; a
     * mail leaving 50 ms later is nothing to anyone waiting for it.
     */
    private static final Duration GATHER = Duration.ofMillis(50);

    private final Jdbc jdbc;
    private final ReactiveMailer mailer;
    private final Duration sendTimeout;
    /** Sends started at once: no more than the mailer has SMTP connections (see {@link #sendBatch}). */
    private final int wave;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final AtomicLong pending = new AtomicLong();
    /** Runs a dispatch right after a transaction that queued mail commits, so a code does not wait a tick. */
    private final ExecutorService waker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "identity-mail-dispatch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    MailDispatcher(Jdbc jdbc, ReactiveMailer mailer, SecretBox secrets, AuditLog audit, MeterRegistry registry,
            IdentityConfig config,
            @ConfigProperty(name = "quarkus.mailer.max-pool-size", defaultValue = "10") int pool) {
        this.sendTimeout = config.mail().sendTimeout();
        this.wave = Math.max(1, pool);
        this.audit = audit;
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.secrets = secrets;
        Gauge.builder("identity.mail.outbox.depth", pending, AtomicLong::get)
                .description("Mails waiting in the outbox").register(registry);
    }

    /**
     * The scheduled tick (the retries, and the safety net for wakes) only wakes the dispatcher's own thread, so
     * that one instance never runs two dispatches at once: two batches' sends side by side would outnumber the
     * SMTP connections the waves of {@link #sendBatch} are sized to, and no send starts on the scheduler's Vert.x
     * worker context. Then it counts what waits, for the outbox gauge: here rather than after a dispatch, because
     * a dispatch working through a backlog, or waiting on a hung SMTP server, can last many ticks, and the gauge
     * would show what waited before it began.
     */
    @Scheduled(every = "${identity.mail.dispatch-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
        try {
            pending.set(QuarkusTransaction.requiringNew().call(this::countPending));
        } catch (RuntimeException e) {
            if (!DatabaseFailure.isUnreachable(e)) {
                throw e;
            }
        }
    }

    /**
     * Sends what is due, a batch per transaction, until a batch is not full or a send fails; on the calling
     * thread, which must not be a Vert.x one.
     */
    void dispatch() {
        try {
            while (QuarkusTransaction.requiringNew().call(this::sendBatch)) {
                // the batch was full: more may be due
            }
        } catch (RuntimeException e) {
            if (!DatabaseFailure.isUnreachable(e)) {
                throw e;
            }
            // Nothing was claimed that is not rolled back: the next tick after the database is back sends it.
            LOG.warnf("Mail dispatch waits for the database: %s", DatabaseFailure.describe(e));
        }
    }

    /**
     * Asks for a dispatch {@link #GATHER} from now, on the dispatcher's own thread. Wakes that arrive while one is
     * queued are folded into it; the scheduled tick remains the safety net (and does the retries).
     */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    LockSupport.parkNanos(GATHER.toNanos()); // wakes meanwhile fold into this one
                    wakeQueued.set(false);
                    try {
                        dispatch();
                    } catch (RuntimeException e) {
                        LOG.warnf("Mail dispatch failed: %s", e.getClass().getSimpleName());
                    }
                });
            } catch (RejectedExecutionException e) {
                wakeQueued.set(false);
            }
        }
    }

    @PreDestroy
    void stop() {
        waker.shutdown();
    }

    /** A due message as a batch claims it. */
    private record Due(UUID id, UUID tenantId, UUID userId, String kind, String recipient, String sealedMessage,
            Instant createdAt, int attempts, boolean decoy) {
    }

    /**
     * Claims up to a batch of due messages and hands them to the mailer a wave at a time, each wave no larger
     * than its pool of SMTP connections (which sends a wave side by side), waiting for each wave within one send
     * timeout; then writes what came of them (sent, retry later, given up) and the audit events of the codes
     * sent, in one statement. Plain JDBC, one read and one write per batch: when mail trickles, a batch is one
     * message, and every message pays this. True when the batch was full and every send went out, so that more
     * may be due; after a failure the run ends, and what remains, attempted or not, is tried at the next.
     *
     * <p>Why waves: sends beyond the pool's size wait in the Vert.x mail client for a connection, and now and
     * then such a waiter was never given one although the connections came free (seen in the fleet tests: a
     * dispatch's last few sends hung until the send timeout, on an idle process, and went out at once when the
     * next dispatch sent them again). A wave never makes a send wait for a connection.
     */
    private boolean sendBatch() {
        List<Due> due = jdbc.list("""
                select id, tenant_id, user_id, kind, recipient, sealed_message, created_at, attempts, decoy
                from mail_outbox where sent_at is null and failed_at is null and next_attempt_at <= now()
                order by next_attempt_at limit ? for update skip locked""", row -> new Due(
                        row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getObject(3, UUID.class),
                        row.getString(4), row.getString(5), row.getString(6), Jdbc.instant(row, 7), row.getInt(8),
                        row.getBoolean(9)), BATCH);
        if (due.isEmpty()) {
            return false;
        }
        List<Jdbc.Statement> outcomes = new ArrayList<>();
        List<UUID> sent = new ArrayList<>(due.size());
        boolean failed = false;
        for (int from = 0; from < due.size() && !failed; from += wave) {
            failed = sendWave(due.subList(from, Math.min(due.size(), from + wave)), sent, outcomes);
        }
        // Only the send is retried on failure: what follows it is bookkeeping of mail that has left.
        if (!sent.isEmpty()) {
            outcomes.add(Jdbc.Statement.of("""
                    update mail_outbox set sent_at = ?, sealed_message = null, last_error = null
                    where id = any(?)""", Instant.now(), sent.toArray(UUID[]::new)));
        }
        jdbc.writeAll(outcomes);
        return !failed && due.size() == BATCH;
    }

    /**
     * Starts the sends of a wave and waits for them within one send timeout; adds the ids sent to {@code sent},
     * and the retries, give-ups and audit events to {@code outcomes}. True when any send failed.
     */
    private boolean sendWave(List<Due> messages, List<UUID> sent, List<Jdbc.Statement> outcomes) {
        Map<Due, CompletableFuture<Void>> sending = new LinkedHashMap<>();
        boolean failed = false;
        for (Due message : messages) {
            try {
                String sealed = secrets.open(MailOutbox.PURPOSE + ":" + message.id(), message.sealedMessage());
                int newline = sealed.indexOf('\n');
                Mail mail = Mail.withText(message.recipient(), sealed.substring(0, newline),
                        sealed.substring(newline + 1));
                // A decoy is opened like a real mail and goes no further. The send is started with this
                // transaction suspended: the mailer's callbacks run on other threads, and a transaction that
                // context propagation had carried there could not commit while they were still in it.
                sending.put(message, message.decoy() ? CompletableFuture.completedFuture(null)
                        : QuarkusTransaction.suspendingExisting()
                                .call(() -> mailer.send(mail).subscribeAsCompletionStage()));
            } catch (RuntimeException e) {
                outcomes.add(notSent(message, e));
                failed = true;
            }
        }
        // Bounded: a send that neither succeeds nor fails in time is retried like a failed one.
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (Map.Entry<Due, CompletableFuture<Void>> send : sending.entrySet()) {
            Due message = send.getKey();
            Throwable why = outcome(send.getValue(), deadline);
            if (why != null) {
                outcomes.add(notSent(message, why));
                failed = true;
                continue;
            }
            sent.add(message.id());
            if (!message.decoy() && MailKind.RECOVERY_CODE.template().equals(message.kind())) {
                outcomes.add(audit.recording(new AuditLog.Entry(message.tenantId(), AuditType.RECOVERY_CODE_SENT,
                        Actor.SYSTEM, message.userId(), AuditLog.Outcome.SUCCESS, null)));
            }
        }
        return failed;
    }

    /** Waits for a send until the deadline; null when it went out, else why not. */
    private static Throwable outcome(CompletableFuture<Void> send, long deadline) {
        try {
            send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /**
     * The update that schedules the retry of a message not sent, or gives it up after {@link #GIVE_UP_AFTER}. The
     * backoff counts from now, when the send is known to have failed, not from the claim: a send that timed out
     * after 5 s was otherwise due again at once.
     */
    private static Jdbc.Statement notSent(Due message, Throwable why) {
        Instant now = Instant.now();
        int attempts = message.attempts() + 1;
        String error = why.getClass().getSimpleName();
        if (message.createdAt().plus(GIVE_UP_AFTER).isBefore(now)) {
            LOG.errorf("Gave up on mail %s (%s) after %d attempts", message.id(), message.kind(), attempts);
            return Jdbc.Statement.of("""
                    update mail_outbox set attempts = ?, last_error = ?, failed_at = ?, sealed_message = null
                    where id = ?""", attempts, error, now, message.id());
        }
        LOG.warnf("Mail %s (%s) not sent, attempt %d: %s", message.id(), message.kind(), attempts, error);
        return Jdbc.Statement.of("""
                update mail_outbox set attempts = ?, last_error = ?, next_attempt_at = ? where id = ?""", attempts,
                error, now.plus(backoff(attempts)), message.id());
    }

    private long countPending() {
        return jdbc.first("select count(*) from mail_outbox where sent_at is null and failed_at is null",
                row -> row.getLong(1)).orElse(0L);
    }

    /** 2 s, 4 s, 8 s ... up to 5 minutes, with up to 20 % jitter so instances do not retry in step. */
    static Duration backoff(int attempts) {
        long base = FIRST_RETRY.toMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(base, LONGEST_RETRY.toMillis());
        return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 5 + 1));
    }
}
