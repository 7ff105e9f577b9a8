package dev.identity.recovery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One self-service recovery, from start to reset. {@code userId} is null when nobody can be recovered. */
@Entity
@Table(name = "recovery_flow")
public class RecoveryFlow {

    @Id
    public UUID id;
    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "account_key", nullable = false)
    public byte[] accountKey;
    @Column(nullable = false)
    public String state;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "required_methods", nullable = false, columnDefinition = "text[]")
    public String[] requiredMethods;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "passed_methods", nullable = false, columnDefinition = "text[]")
    public String[] passedMethods = new String[0];
    @Column(name = "need_count", nullable = false)
    public int needCount;
    @Column(name = "email_code_hash")
    public byte[] emailCodeHash;
    @Column(name = "email_code_expires")
    public Instant emailCodeExpires;
    @Column(name = "email_code_used_at")
    public Instant emailCodeUsedAt;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "reset_token_hash")
    public byte[] resetTokenHash;
    @Column(name = "reset_expires_at")
    public Instant resetExpiresAt;
    @Column(name = "reset_claimed_until")
    public Instant resetClaimedUntil;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
}
