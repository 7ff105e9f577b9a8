package dev.identity.account;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;

/** Keeps the session table from growing forever: ended sessions are deleted a day after they end. */
@ApplicationScoped
public class SessionPurge {

    private final SessionRepository sessions;

    SessionPurge(SessionRepository sessions) {
        this.sessions = sessions;
    }

    @Scheduled(every = "${identity.purge.every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        sessions.purgeEndedBefore(Instant.now().minus(Duration.ofDays(1)));
    }
}
