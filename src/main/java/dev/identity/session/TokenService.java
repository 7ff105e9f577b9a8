package dev.identity.session;

import dev.identity.IdentityConfig;
import dev.identity.directory.Tenant;
import dev.identity.directory.User;
import dev.identity.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque access tokens (RFC 6750 bearer tokens): 256 random bits, stored only as their SHA-256, looked up
 * in PostgreSQL at each request so that a revocation holds at once on every instance.
 */
@ApplicationScoped
public class TokenService {

    /** At most one hour, whatever the configuration says (DESIGN.md section 7). */
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final SessionRepository sessions;
    private final Jdbc jdbc;
    private final Duration lifetime;

    TokenService(EntityManager em, SessionRepository sessions, Jdbc jdbc, IdentityConfig config) {
        this.em = em;
        this.sessions = sessions;
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
        List<Object[]> rows = em.createQuery("""
                select s.id, u, t.domain, s.provedAt from Session s, User u, Tenant t
                where s.tokenHash = :hash and s.revokedAt is null and s.expiresAt > :now
                  and u.id = s.userId and u.enabled = true and s.passwordEpoch = u.passwordEpoch
                  and t.id = u.tenantId""", Object[].class)
                .setParameter("hash", sha256(token)).setParameter("now", now).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        User user = (User) row[1];
        return Optional.of(new Principal.SignedIn((UUID) row[0], user.id, user.tenantId, (String) row[2],
                user.roleSet(), user.passwordChangeRequired, (Instant) row[3]));
    }

    public void revoke(UUID sessionId, Instant now) {
        sessions.revoke(sessionId, now);
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
