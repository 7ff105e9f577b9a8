package dev.identity.mail;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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

    private final EntityManager em;

    OutboxHealthCheck(EntityManager em) {
        this.em = em;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            // A probe runs outside any request: its one read is a transaction of its own.
            Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                    select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)
                    from mail_outbox where sent_at is null and failed_at is null""").getSingleResult());
            return HealthCheckResponse.named("Mail outbox").up()
                    .withData("pending", ((Number) row[0]).longValue())
                    .withData("oldestPendingSeconds", ((Number) row[1]).longValue())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("Mail outbox").down().withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
