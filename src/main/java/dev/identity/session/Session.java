package dev.identity.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An issued access token, known only by the SHA-256 of the token. */
@Entity
@Table(name = "session")
public class Session {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;
    @Column(name = "user_id", nullable = false)
    public UUID userId;
    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    /** The user's password epoch when the sign-in verified the password: the token works while it is the user's. */
    @Column(name = "password_epoch", nullable = false)
    public long passwordEpoch;
    /** The sign-in, or the last reauthentication: changes of security info need one within 10 minutes. */
    @Column(name = "proved_at", nullable = false)
    public Instant provedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
