package dev.identity.mail;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A mail waiting in the outbox; its content is sealed and wiped once sent. */
@Entity
@Table(name = "mail_outbox")
public class OutboxMessage {

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    /** The user the mail concerns, when there is one. */
    @Column(name = "user_id")
    public UUID userId;
    @Column(nullable = false)
    public String kind;
    @Column(nullable = false)
    public String recipient;
    @Column(nullable = false)
    public String locale;
    @Column(name = "sealed_message")
    public String sealedMessage;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "failed_at")
    public Instant failedAt;
    @Column(name = "last_error")
    public String lastError;
    /** A decoy of recovery-start for nobody: dispatched like the others, but never sent. */
    @Column(nullable = false)
    public boolean decoy;
}
