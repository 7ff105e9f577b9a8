package dev.identity.mail;

import dev.identity.IdentityConfig;
import dev.identity.mail.OutboxLeases.Backlog;
import dev.identity.mail.OutboxLeases.Due;
import dev.identity.mail.OutboxLeases.Outcome;
import dev.identity.platform.DatabaseFailure;
import dev.identity.platform.SecretBox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Sends what waits in the outbox (DESIGN.md 6). A batch of due messages is claimed with a lease, in one short
 * statement of its own ({@code FOR UPDATE SKIP LOCKED} inside it, so instances never claim the same message); no
 * transaction or row lock is held while SMTP is talked to ({@link SmtpSender}, where every step has a timeout and
 * a message a deadline). A send is started only while the lease has room for all of it, and only the lease's holder
 * marks a message sent or schedules its retry: a process that stalls past its lease finds, when it wakes, that it
 * may neither send nor write, and another instance has taken the message over. A failure schedules a retry with
 * exponential backoff; nothing is dropped while the relay is down or hung.
 *
 * <p>Made as the service starts ({@code @Startup}), so that its outbox gauges are in {@code /q/metrics} from the
 * first scrape, not from the scheduler's first tick or the first mail.
 */
@Startup
@ApplicationScoped
public class MailDispatcher {

    private static final Logger LOG = Logger.getLogger(MailDispatcher.class);
    /** Messages claimed per batch. */
    private static final int BATCH = 25;
    /** Room kept between a send's deadline and its lease's end, for the clocks and the write that follows. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    /**
     * How long a wake waits before it dispatches, so that mail queued meanwhile goes in the same batch. Under a
     * few dozen resets a second, a dispatch per mail was a claiming read, a write and two commits per mail; a
     * mail leaving 50 ms later is nothing to anyone waiting for it.
     */
    private static final Duration GATHER = Duration.ofMillis(50);

    /** This process, as the holder of leases. */
    private final UUID owner = UUID.randomUUID();
    private final OutboxLeases leases;
    private final SmtpSender smtp;
    private final Duration sendTimeout;
    private final Duration lease;
    private final SecretBox secrets;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "identity-mail-dispatch");
        thread.setDaemon(true);
        return thread;
    });
    /** The batch's SMTP conversations, side by side. */
    private final ExecutorService senders;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean stopping;

    MailDispatcher(OutboxLeases leases, SmtpSender smtp, SecretBox secrets, MeterRegistry registry,
            IdentityConfig config) {
        this.leases = leases;
        this.smtp = smtp;
        this.secrets = secrets;
        this.sendTimeout = config.mail().sendTimeout();
        int perConnection = (BATCH + smtp.connections() - 1) / smtp.connections();
        // Long enough for a connection's share of a full batch, each message to its deadline, and the margin.
        Duration needed = sendTimeout.multipliedBy(perConnection).plus(LEASE_MARGIN.multipliedBy(2));
        this.lease = config.mail().lease().compareTo(needed) > 0 ? config.mail().lease() : needed;
        AtomicInteger counter = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(smtp.connections(), runnable -> {
            Thread thread = new Thread(runnable, "identity-smtp-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("identity.mail.outbox.depth", pending, AtomicLong::get)
                .description("Mails waiting in the outbox").register(registry);
        Gauge.builder("identity.mail.outbox.oldest.age", oldestSeconds, AtomicLong::get).baseUnit("seconds")
                .description("How long the oldest mail still waiting in the outbox has waited").register(registry);
    }

    /**
     * The scheduled tick (the retries, and the safety net for wakes) only wakes the dispatcher's own thread, so
     * that one instance never runs two dispatches at once. Then it reads the backlog for the gauges: here rather
     * than after a dispatch, because a dispatch working through a backlog, or waiting on a hung relay, can last
     * many ticks, and the gauges would show what waited before it began.
     */
    @Scheduled(every = "${identity.mail.dispatch-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (stopping) {
            return;
        }
        wake();
        try {
            Backlog backlog = backlog();
            pending.set(backlog.pending());
            oldestSeconds.set(backlog.oldestSeconds());
        } catch (RuntimeException e) {
            if (!stopping && !DatabaseFailure.isUnreachable(e)) {
                throw e;
            }
        }
    }

    /** What waits in the outbox now: one read, in autocommit. */
    Backlog backlog() {
        return leases.backlog();
    }

    /**
     * Sends what is due, a batch at a time, until a batch is not full or a send fails; on the calling thread, which
     * must not be a Vert.x one.
     */
    void dispatch() {
        try {
            while (!stopping && sendBatch()) {
                // the batch was full: more may be due
            }
        } catch (RuntimeException e) {
            if (stopping) {
                return;
            }
            if (!DatabaseFailure.isUnreachable(e)) {
                throw e;
            }
            // What was claimed and not sent goes back when its lease ends: the next tick after the database is back.
            LOG.warnf("Mail dispatch waits for the database: %s", DatabaseFailure.describe(e));
        }
    }

    /**
     * Asks for a dispatch {@link #GATHER} from now, on the dispatcher's own thread. Wakes that arrive while one is
     * queued are folded into it; the scheduled tick remains the safety net (and does the retries).
     */
    public void wake() {
        if (stopping) {
            return;
        }
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

    /**
     * Graceful shutdown, before the database and the ORM go: no tick or wake starts anything more, the dispatch under
     * way finishes its sends (each bounded by its deadline) and writes what came of them, then the threads stop.
     * Observed at an early priority, so that it runs before the datasource is closed.
     */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
        waker.shutdown();
        try {
            if (!waker.awaitTermination(sendTimeout.plus(LEASE_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("Mail dispatch still running at shutdown: its messages go out after their lease ends");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
        smtp.shutdown();
    }

    /**
     * Claims up to a batch of due messages under a lease, hands them to SMTP on up to {@link SmtpSender#connections}
     * conversations side by side (each sends its share in turn), then writes what came of them (sent, retry later,
     * given up) and the audit events of the codes sent, in one statement guarded by the lease. True when the batch
     * was full and every send went out, so that more may be due; after a failure the run ends, and what was not
     * tried goes back at once, to be tried at the next.
     */
    private boolean sendBatch() {
        long claimed = System.nanoTime();
        List<Due> due = QuarkusTransaction.requiringNew().call(() -> leases.claim(owner, lease, BATCH));
        if (due.isEmpty()) {
            return false;
        }
        // Every send ends by this, its socket closed if need be: well before the lease does, on this process's clock.
        long lastDeadline = claimed + lease.minus(LEASE_MARGIN).toNanos();
        int connections = Math.min(smtp.connections(), due.size());
        List<List<Due>> shares = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < due.size(); i++) {
            shares.get(i % connections).add(due.get(i));
        }
        List<Future<List<Outcome>>> running = new ArrayList<>();
        for (List<Due> share : shares) {
            running.add(senders.submit(() -> sendShare(share, lastDeadline)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<List<Outcome>> share : running) {
            try {
                outcomes.addAll(share.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("Mail share failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        boolean failed = outcomes.stream().anyMatch(o -> o.failure() != null) || outcomes.size() < due.size();
        List<Due> untried = due.stream().filter(d -> outcomes.stream().noneMatch(o -> o.message() == d))
                .toList();
        QuarkusTransaction.requiringNew().run(() -> leases.settle(owner, outcomes, untried));
        return !failed && due.size() == BATCH;
    }

    /**
     * One conversation's messages, in turn, each by its deadline. A decoy is opened like a real mail and goes no
     * further. After a failure the conversation is closed and the rest of the share is left untried; otherwise the
     * sender thread keeps it for its next batch (SmtpSender).
     */
    private List<Outcome> sendShare(List<Due> share, long lastDeadline) {
        List<Outcome> outcomes = new ArrayList<>();
        SmtpSender.Conversation conversation = smtp.open();
        boolean healthy = true;
        try {
            for (Due message : share) {
                long deadline = Math.min(System.nanoTime() + sendTimeout.toNanos(), lastDeadline);
                if (stopping || lastDeadline - System.nanoTime() < sendTimeout.toNanos() / 2) {
                    break; // too little of the lease left for a whole send: leave it for the next claim
                }
                try {
                    String sealed = secrets.open(MailOutbox.PURPOSE + ":" + message.id(), message.sealedMessage());
                    int newline = sealed.indexOf('\n');
                    SmtpSender.Outgoing outgoing = new SmtpSender.Outgoing(message.id(), message.recipient(),
                            sealed.substring(0, newline), sealed.substring(newline + 1));
                    if (!message.decoy()) {
                        if (smtp.mock()) {
                            // The whole mail, codes included, only where a developer reads the console.
                            LOG.infof("Mail (mock) to %s: %s%n%s", outgoing.recipient(), outgoing.subject(),
                                    LaunchMode.current().isDevOrTest() ? outgoing.text() : "(content not logged)");
                        } else {
                            conversation.send(outgoing, deadline);
                        }
                    }
                    outcomes.add(new Outcome(message, null));
                } catch (Exception e) {
                    outcomes.add(new Outcome(message, e));
                    healthy = false;
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            healthy = false;
            throw e;
        } finally {
            // Kept for this thread's next batch while it answered every message; else closed now.
            if (healthy && !stopping) {
                conversation.release();
            } else {
                conversation.close();
            }
        }
        return outcomes;
    }
}
