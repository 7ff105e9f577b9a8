package dev.identity.mail;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the outbox: the table answers, with how much waits and for how long. An SMTP outage does
 * not make the service unready (mail waits and goes out later), so age is reported, not judged.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxLeases leases;

    OutboxHealthCheck(OutboxLeases leases) {
        this.leases = leases;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // A probe runs outside any request: the dispatcher's own read of the backlog, in autocommit.
            OutboxLeases.Backlog backlog = leases.backlog();
            return HealthCheckResponse.named("Mail outbox").up()
                    .withData("pending", backlog.pending())
                    .withData("oldestPendingSeconds", backlog.oldestSeconds())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("Mail outbox").down().withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
