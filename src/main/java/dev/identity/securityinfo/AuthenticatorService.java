package dev.identity.securityinfo;

import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CodeAttempts;
import dev.identity.credential.Totp;
import dev.identity.directory.Notices;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.directory.User;
import dev.identity.directory.UserRepository;
import dev.identity.mail.AuthenticatorNotice;
import dev.identity.platform.Jdbc;
import dev.identity.platform.SecretBox;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The user's authenticator app (DESIGN.md 4.3, 7). Registering gives the seed once, as Base32 and as an
 * {@code otpauth://} URI; it counts only once a first code from the app confirms it. The seed is stored sealed
 * (AES-GCM under {@code IDENTITY_SECRETS_KEY}, bound to the user) and never shown again.
 *
 * <p>Every accepted code moves the user's last used time step forward in one locked update, and a code is
 * accepted only for a later step: a code works once, at registration or in recovery, even when two requests
 * carry it at the same moment.
 */
@ApplicationScoped
public class AuthenticatorService {

    /** How long a registration waits for its first code. */
    static final Duration REGISTRATION_LIFETIME = Duration.ofMinutes(15);
    /** The first code of a registration, counted and locked on the user's one authenticator row. */
    private static final CodeAttempts.Counter REGISTRATIONS = new CodeAttempts.Counter("authenticator", "user_id",
            "user_id", "");
    private static final String SEED_PURPOSE = "authenticator-seed:";
    private static final UUID NOBODY = new UUID(0, 0);

    private final Caller caller;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final SecretBox secrets;
    private final Jdbc jdbc;
    private final Totp totp = Totp.standard();
    private final RateLimiter limits;
    private final SecurityInfoChanges changes;
    private final CodeAttempts attempts;
    private volatile String decoy;

    AuthenticatorService(Caller caller, UserRepository users, TenantRepository tenants, AuditLog audit,
            SecretBox secrets, Jdbc jdbc, RateLimiter limits, SecurityInfoChanges changes,
            CodeAttempts attempts) {
        this.caller = caller;
        this.users = users;
        this.tenants = tenants;
        this.audit = audit;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.limits = limits;
        this.changes = changes;
        this.attempts = attempts;
    }

    /** The seed, shown this once: Base32 for typing in, and the URI for a QR code. */
    public record Registration(String secret, String otpauthUri) {
    }

    /** What a code of the active authenticator turned out to be. */
    public enum Check { ACCEPTED, WRONG, REPLAYED }

    /** Whether the user has a confirmed authenticator, in the caller's transaction. */
    public boolean isActive(UUID userId) {
        return jdbc.first("select exists (select 1 from authenticator where user_id = ? and state = 'active')",
                row -> row.getBoolean(1), userId).orElseThrow();
    }

    /** Starts a registration; any unconfirmed one is replaced. 409 while a confirmed one exists. */
    @Transactional
    public Registration register() {
        Principal.SignedIn me = caller.requireFreshProof();
        User user = users.findById(me.userId());
        Tenant tenant = tenants.findById(user.tenantId);
        byte[] seed = Totp.newSeed();
        Instant now = Instant.now();
        int written = jdbc.update(Jdbc.Statement.of("""
                insert into authenticator (user_id, sealed_seed, state, attempts, created_at, expires_at)
                values (?, ?, 'pending', 0, ?, ?)
                on conflict (user_id) do update set sealed_seed = excluded.sealed_seed, state = 'pending',
                    attempts = 0, last_used_step = null, created_at = excluded.created_at,
                    expires_at = excluded.expires_at, confirmed_at = null
                where authenticator.state <> 'active'""", user.id, seal(user.id, seed), now,
                now.plus(REGISTRATION_LIFETIME)));
        if (written != 1) {
            throw ProblemException.of(ProblemType.CONFLICT,
                    "An authenticator is already registered; remove it before registering another.");
        }
        audit.record(new AuditLog.Entry(tenant.id, AuditType.SECURITY_INFO_CHANGE_REQUESTED, me.actor(),
                user.id, AuditLog.Outcome.SUCCESS, "authenticator"));
        return new Registration(Totp.base32(seed), totp.uri(tenant.displayName, user.userName, seed));
    }

    /** Confirms a registration with a first code from the app; from then on it is a recovery method. */
    public void confirm(String code) {
        Principal.SignedIn me = caller.requireSignedIn();
        limits.admitCredentialCheck(me.tenantId(), me.actor(), me.userId());
        record Reserved(String sealedSeed, int attempts) {
        }
        Reserved reserved = attempts.reserve(REGISTRATIONS, me.userId(), "sealed_seed, attempts",
                row -> new Reserved(row.getString(1), row.getInt(2))).orElseThrow(() -> whyNoRegistration(me.userId()));
        long step = totp.match(open(me.userId(), reserved.sealedSeed()), code, Instant.now());
        if (step < 0) {
            audit.failed(me.tenantId(), AuditType.SECURITY_INFO_CHANGED, me.actor(), me.userId(), "wrong-code");
            throw attempts.wrong(REGISTRATIONS, me.userId(), reserved.attempts(),
                    "The code is wrong; register the authenticator again.", () -> {
                    });
        }
        // The attempt committed before the code was compared; the confirmation is a transaction of its own.
        QuarkusTransaction.requiringNew().run(() -> {
            int confirmed = jdbc.update(Jdbc.Statement.of("""
                    update authenticator set state = 'active', attempts = 0, confirmed_at = now(), expires_at = null,
                        last_used_step = ?
                    where user_id = ? and state = 'pending' and expires_at > now()
                      and (last_used_step is null or last_used_step < ?)""", step, me.userId(), step));
            if (confirmed != 1) {
                throw ProblemException.of(ProblemType.FLOW_EXPIRED,
                        "This registration was confirmed, replaced or has expired; register again.");
            }
            notifyChange(me, SecurityInfoChanges.Change.AUTHENTICATOR_ADDED, "added");
        });
    }

    /** Removes the authenticator, confirmed or not; its codes stop working at once. */
    @Transactional
    public void remove() {
        Principal.SignedIn me = caller.requireFreshProof();
        String removed = jdbc.first("delete from authenticator where user_id = ? returning state",
                row -> row.getString(1), me.userId()).orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND,
                        "No authenticator is registered."));
        if ("active".equals(removed)) {
            notifyChange(me, SecurityInfoChanges.Change.AUTHENTICATOR_REMOVED, "removed");
        }
    }

    /**
     * Checks a code of the user's confirmed authenticator and, when it is right and newer than any used before,
     * uses up its time step, in a transaction of its own. The row is locked while it is read, so of two requests
     * with the same code one is accepted and the other is a replay.
     *
     * <p>For nobody ({@code userId} null) or a user without a confirmed authenticator, the very same work is done
     * on a decoy seed (the same transaction and locking read, the seed opened, the code compared), and the answer is
     * {@link Check#WRONG} whatever the code: how long the answer takes tells no one who has an authenticator.
     */
    public Check use(UUID userId, String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            record Seed(String sealed, Long lastUsedStep) {
            }
            Optional<Seed> found = jdbc.first("""
                    select sealed_seed, last_used_step from authenticator
                    where user_id = ? and state = 'active' for update""",
                    r -> new Seed(r.getString(1), r.getObject(2, Long.class)), userId != null ? userId : NOBODY);
            boolean real = userId != null && found.isPresent();
            Seed row = real ? found.get() : new Seed(decoySeed(), null);
            long step = totp.match(open(real ? userId : NOBODY, row.sealed()), code, Instant.now());
            if (!real || step < 0) {
                return Check.WRONG;
            }
            if (row.lastUsedStep() != null && step <= row.lastUsedStep()) {
                return Check.REPLAYED;
            }
            jdbc.update(Jdbc.Statement.of("update authenticator set last_used_step = ? where user_id = ?", step,
                    userId));
            return Check.ACCEPTED;
        });
    }

    private void notifyChange(Principal.SignedIn me, SecurityInfoChanges.Change kind, String change) {
        User user = users.findById(me.userId());
        Tenant tenant = tenants.findById(user.tenantId);
        Instant now = Instant.now();
        changes.changed(me, user, tenant, kind, user.email, new AuthenticatorNotice(user.displayName, user.userName,
                tenant.displayName, Notices.when(now), Notices.supportContact(tenant), change), now);
    }

    private ProblemException whyNoRegistration(UUID userId) {
        record Registered(String state, int attempts) {
        }
        Optional<Registered> row = jdbc.first("select state, attempts from authenticator where user_id = ?",
                r -> new Registered(r.getString(1), r.getInt(2)), userId);
        if (row.isEmpty() || "active".equals(row.get().state())) {
            return ProblemException.of(ProblemType.NOT_FOUND, "No authenticator registration is waiting.");
        }
        if (CodeAttempts.lockedOut(row.get().state(), row.get().attempts())) {
            return ProblemException.of(ProblemType.FLOW_LOCKED,
                    "Too many wrong codes; register the authenticator again.");
        }
        return ProblemException.of(ProblemType.FLOW_EXPIRED, "The registration has expired; register again.");
    }

    /** The decoy seed of {@link #use}: sealed like a real one, made once (per key in use). */
    private String decoySeed() {
        String sealed = decoy;
        if (sealed == null) {
            sealed = seal(NOBODY, Totp.newSeed());
            decoy = sealed;
        }
        return sealed;
    }

    private String seal(UUID userId, byte[] seed) {
        return secrets.seal(SEED_PURPOSE + userId, Base64.getEncoder().encodeToString(seed));
    }

    private byte[] open(UUID userId, String sealed) {
        return Base64.getDecoder().decode(secrets.open(SEED_PURPOSE + userId, sealed));
    }

    /**
     * While the secrets key rotates: seals every seed sealed under the previous key again under the current
     * one, so that the previous key can be dropped. Returns how many were sealed again.
     */
    public int resealSeeds() {
        int resealed = 0;
        record Sealed(UUID userId, String seed) {
        }
        for (Sealed row : jdbc.list("select user_id, sealed_seed from authenticator",
                r -> new Sealed(r.getObject(1, UUID.class), r.getString(2)))) {
            // A seed under neither key is left as it is: its user registers the app again.
            Optional<String> again = secrets.resealed(SEED_PURPOSE + row.userId(), row.seed());
            if (again.isPresent()) {
                resealed += jdbc.update(Jdbc.Statement.of(
                        "update authenticator set sealed_seed = ? where user_id = ? and sealed_seed = ?", again.get(),
                        row.userId(), row.seed()));
            }
        }
        return resealed;
    }
}
