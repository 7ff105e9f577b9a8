package dev.identity.mail;

import dev.identity.platform.Jdbc;
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

    private final Jdbc jdbc;

    OutboxHealthCheck(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // A probe runs outside any request: its one read, in autocommit.
            long[] row = jdbc.first("""
                    select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)::bigint
                    from mail_outbox where sent_at is null and failed_at is null""",
                    r -> new long[] {r.getLong(1), r.getLong(2)}).orElseThrow();
            return HealthCheckResponse.named("Mail outbox").up()
                    .withData("pending", row[0])
                    .withData("oldestPendingSeconds", row[1])
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("Mail outbox").down().withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
