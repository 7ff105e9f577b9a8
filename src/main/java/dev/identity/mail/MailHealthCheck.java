package dev.identity.mail;

import dev.identity.IdentityConfig;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether mail gets out: DOWN when the oldest mail still waiting in the outbox has waited longer than
 * {@code IDENTITY_MAIL_STALL_THRESHOLD} (default 5 minutes), so that a hung or refusing relay shows in
 * {@code /q/health} (and {@code /q/health/well}) and can be alerted on. A wellness check, not readiness: while mail
 * waits the API still serves, and taking the instance out of rotation would help nobody. The age is also the gauge
 * {@code identity_mail_outbox_oldest_age_seconds}.
 */
@Wellness
@ApplicationScoped
public class MailHealthCheck implements HealthCheck {

    private final MailDispatcher dispatcher;
    private final Duration threshold;

    MailHealthCheck(MailDispatcher dispatcher, IdentityConfig config) {
        this.dispatcher = dispatcher;
        this.threshold = config.mail().stallThreshold();
    }

    @Override
    public HealthCheckResponse call() {
        try {
            OutboxLeases.Backlog backlog = dispatcher.backlog();
            return HealthCheckResponse.named("mail").status(backlog.oldestSeconds() <= threshold.toSeconds())
                    .withData("pending", backlog.pending())
                    .withData("oldestWaitingSeconds", backlog.oldestSeconds())
                    .withData("thresholdSeconds", threshold.toSeconds())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("mail").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
