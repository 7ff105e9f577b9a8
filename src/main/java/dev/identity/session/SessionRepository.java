package dev.identity.session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Issued tokens: look-up by token hash, revocation of one or all of a user's. */
@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** A live session: not revoked and not expired. */
    public Optional<Session> findLive(byte[] tokenHash, Instant now) {
        return find("tokenHash = ?1 and revokedAt is null and expiresAt > ?2", tokenHash, now).firstResultOptional();
    }

    public int revoke(UUID sessionId, Instant now) {
        return update("revokedAt = ?1 where id = ?2 and revokedAt is null", now, sessionId);
    }
}
