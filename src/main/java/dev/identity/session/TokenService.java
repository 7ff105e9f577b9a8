package dev.identity.session;

import dev.identity.IdentityConfig;
import dev.identity.platform.Jdbc;
import dev.identity.policy.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque access tokens (RFC 6750 bearer tokens): 256 random bits, stored only as their SHA-256, looked up
 * in PostgreSQL at each request so that a revocation holds at once on every instance. The session table is read
 * and written in SQL alone, here and in the statements of those who revoke or count on a session.
 */
@ApplicationScoped
public class TokenService {

    /** At most one hour, whatever the configuration says (DESIGN.md section 7). */
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbc jdbc;
    private final Duration lifetime;

    TokenService(Jdbc jdbc, IdentityConfig config) {
        this.jdbc = jdbc;
        Duration configured = config.tokens().lifetime();
        this.lifetime = configured.compareTo(MAX_LIFETIME) > 0 || configured.isNegative() || configured.isZero()
                ? MAX_LIFETIME : configured;
    }

    /** A newly issued token, clear only in this answer. */
    public record IssuedToken(String token, Instant expiresAt, long expiresInSeconds) {
    }

    /** A token to issue and the insert that stores it, for the caller's combined write ({@link Jdbc#writeAll}). */
    public record Issuing(IssuedToken token, Jdbc.Statement insert) {
    }

    /**
     * Issues a token for a user whose password, of the given epoch, was just verified: the insert that stores it is
     * for the caller to run in its transaction. The session counts as a fresh proof of the password from now.
     */
    public Issuing issuing(UUID userId, UUID tenantId, long passwordEpoch, Instant now) {
        String token = newToken();
        Instant expiresAt = now.plus(lifetime);
        return new Issuing(new IssuedToken(token, expiresAt, lifetime.toSeconds()), Jdbc.Statement.of("""
                insert into session (id, tenant_id, user_id, token_hash, created_at, expires_at, password_epoch,
                    proved_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", UUID.randomUUID(), tenantId, userId, sha256(token), now, expiresAt,
                passwordEpoch, now));
    }

    private static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * The signed-in user a token belongs to, when the token is live, its user enabled, and the password its sign-in
     * verified still the user's (the epochs are equal: DESIGN.md 7, no session outlives its password).
     */
    public Optional<Principal.SignedIn> resolve(String token, Instant now) {
        return jdbc.first("""
                select s.id, u.id, u.tenant_id, t.domain, u.roles, u.password_change_required, s.proved_at
                from session s join app_user u on u.id = s.user_id join tenant t on t.id = u.tenant_id
                where s.token_hash = ? and s.revoked_at is null and s.expires_at > ? and u.enabled
                  and s.password_epoch = u.password_epoch""", row -> new Principal.SignedIn(
                        row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getObject(3, UUID.class),
                        row.getString(4), Role.setOf((String[]) row.getArray(5).getArray()), row.getBoolean(6),
                        Jdbc.instant(row, 7)), sha256(token), now);
    }

    /** Revokes one token (sign-out, or a session ended by wrong passwords). */
    public void revoke(UUID sessionId, Instant now) {
        jdbc.update(Jdbc.Statement.of("update session set revoked_at = ? where id = ? and revoked_at is null", now,
                sessionId));
    }

    /** Revokes every token of the user but the one of {@code keptSessionId} (a change of security info). */
    public void revokeAllBut(UUID userId, UUID keptSessionId, Instant now) {
        jdbc.update(Jdbc.Statement.of("""
                update session set revoked_at = ? where user_id = ? and id <> ? and revoked_at is null""", now, userId,
                keptSessionId));
    }

    /**
     * Counts a wrong-password attempt on a live session before the password is compared: the count with it, or
     * empty when the session is over or has reached {@code max}.
     */
    public Optional<Integer> countPasswordAttempt(UUID sessionId, int max) {
        return jdbc.first("""
                update session set wrong_passwords = wrong_passwords + 1
                where id = ? and revoked_at is null and wrong_passwords < ?
                returning wrong_passwords""", row -> row.getInt(1), sessionId, max);
    }

    /** Gives back an attempt that was refused before the comparison. */
    public void uncountPasswordAttempt(UUID sessionId) {
        jdbc.update(Jdbc.Statement.of(
                "update session set wrong_passwords = greatest(0, wrong_passwords - 1) where id = ?", sessionId));
    }

    /** A right password sets the session's count back to nothing. */
    public void clearPasswordAttempts(UUID sessionId) {
        jdbc.update(Jdbc.Statement.of("update session set wrong_passwords = 0 where id = ?", sessionId));
    }

    /** The session's count of wrong passwords, read under its lock (none: {@code whenGone}). */
    public int lockedPasswordAttempts(UUID sessionId, int whenGone) {
        return jdbc.first("select wrong_passwords from session where id = ? for update", row -> row.getInt(1),
                sessionId).orElse(whenGone);
    }

    /**
     * Records a fresh proof of the password on a live session, only while {@code passwordHash} (just verified) is
     * still the user's; false when it is not, or the session is over.
     */
    public boolean prove(UUID sessionId, UUID userId, String passwordHash, Instant now) {
        return jdbc.update(Jdbc.Statement.of("""
                update session set proved_at = ?, wrong_passwords = 0
                where id = ? and revoked_at is null and password_epoch = (
                    select password_epoch from app_user where id = ? and password_hash = ?)""",
                now, sessionId, userId, passwordHash)) == 1;
    }

    /** Revokes every token of the user, on every instance at once. */
    public void revokeAll(UUID userId, Instant now) {
        jdbc.update(revokingAll(userId, now));
    }

    /** The update that revokes every live token of a user, for the caller's combined write ({@link Jdbc#writeAll}). */
    public Jdbc.Statement revokingAll(UUID userId, Instant now) {
        return Jdbc.Statement.of("update session set revoked_at = ? where user_id = ? and revoked_at is null", now,
                userId);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
