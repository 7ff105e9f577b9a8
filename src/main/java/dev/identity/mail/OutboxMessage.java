package dev.identity.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * A mail rendered and sealed, ready to be queued ({@link MailOutbox#queueing}): its subject and body only in the
 * sealed form, wiped from the outbox once sent. {@code userId} is the user it concerns, when there is one.
 */
public record OutboxMessage(UUID id, UUID tenantId, UUID userId, String kind, String recipient, String locale,
        String sealedMessage, Instant createdAt) {
}
