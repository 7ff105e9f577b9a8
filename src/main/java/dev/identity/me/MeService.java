package dev.identity.me;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.ChangeKind;
import dev.identity.credential.CredentialService;
import dev.identity.directory.Notices;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.directory.User;
import dev.identity.directory.UserRepository;
import dev.identity.mail.MailOutbox;
import dev.identity.mail.SessionRevokedNotice;
import dev.identity.platform.Jdbc;
import dev.identity.platform.RequestInfo;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.ratelimit.SignInFailures;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import dev.identity.session.TokenService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What signed-in users do for themselves: read their profile, change their password, prove it again, sign out. */
@ApplicationScoped
public class MeService {

    /** Wrong current passwords in a row that end a session. */
    static final int MAX_WRONG_PASSWORDS = 5;

    private final Caller caller;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final CredentialService credentials;
    private final TokenService tokens;
    private final AuditLog audit;
    private final RateLimiter limits;
    private final Jdbc jdbc;
    private final MailOutbox mail;
    private final SignInFailures failures;
    private final RequestInfo request;

    MeService(Caller caller, UserRepository users, TenantRepository tenants, CredentialService credentials,
            TokenService tokens, AuditLog audit, RateLimiter limits, Jdbc jdbc, MailOutbox mail,
            SignInFailures failures, RequestInfo request) {
        this.failures = failures;
        this.request = request;
        this.limits = limits;
        this.jdbc = jdbc;
        this.mail = mail;
        this.caller = caller;
        this.users = users;
        this.tenants = tenants;
        this.credentials = credentials;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Transactional
    public MeView me() {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        User user = users.findById(me.userId());
        return new MeView(user.id, me.tenantDomain(), user.userName, user.displayName, user.email,
                user.roleSet().stream().toList(), user.locale, user.passwordChangeRequired);
    }

    /**
     * Changes the caller's password; every token of theirs, this one included, stops working.
     *
     * <p>It costs hashes, and it is a way to guess the current password with a stolen token, so (DESIGN.md 4.6) it
     * is limited per user and per address, and a session takes {@value #MAX_WRONG_PASSWORDS} wrong passwords in a
     * row ({@link #compareOnSession}).
     */
    public void changePassword(String currentPassword, String newPassword) {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        Compared compared = compareOnSession(me, currentPassword, false);
        if (!compared.matches()) {
            audit.refused(me.tenantId(), AuditType.PASSWORD_CHANGE, me.actor(), me.userId(), "wrong-current-password");
            throw ProblemException.invalid("currentPassword", "wrong-password", "The current password is not correct.")
                    .with("remainingAttempts", MAX_WRONG_PASSWORDS - compared.attempt());
        }
        credentials.replacePassword(compared.user(), compared.tenant(), newPassword, "newPassword", false,
                ChangeKind.OWN_CHANGE, me.actor());
    }

    /**
     * Proves the password again on this session (DESIGN.md 7): for {@link Caller#FRESH_PROOF} from now the session
     * may change how the account is recovered. A wrong password is a sign-in failure of the account from this
     * address (the smart lockout of {@link SignInFailures} holds it back like a sign-in), counts on the session like
     * a wrong current password, and is 401.
     */
    public void reauthenticate(String password) {
        Principal.SignedIn me = caller.requireSignedIn();
        Compared compared = compareOnSession(me, password, true);
        Instant now = Instant.now();
        if (!compared.matches()) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "The password is not correct.")
                    .with("remainingAttempts", MAX_WRONG_PASSWORDS - compared.attempt());
        }
        boolean proved = QuarkusTransaction.requiringNew().call(() -> {
            // Only while the password just verified is still the user's, on a session still live.
            if (!tokens.prove(me.sessionId(), me.userId(), compared.user().passwordHash, now)) {
                return false;
            }
            List<Jdbc.Statement> writes = new ArrayList<>(failures.succeeding(compared.keys(), now));
            writes.add(audit.recording(new AuditLog.Entry(me.tenantId(), AuditType.REAUTHENTICATION, me.actor(),
                    me.userId(), AuditLog.Outcome.SUCCESS, null)));
            jdbc.writeAll(writes);
            return true;
        });
        if (!proved) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "This session has ended; sign in again.");
        }
    }

    /** A password compared on a session: the user and tenant read, the outcome, this attempt's count. */
    private record Compared(User user, Tenant tenant, boolean matches, int attempt, SignInFailures.Keys keys) {
    }

    /**
     * Compares a password of the signed-in user, counted on their session: limited per user and per address; each
     * attempt is counted on the session before the comparison (so parallel requests cannot get more), one refused
     * before it is compared gives its count back, a right one sets the count back to nothing, and a wrong one that
     * finds the count at {@value #MAX_WRONG_PASSWORDS} revokes the session, mails the user, and is 401. With
     * {@code asSignIn}, the sign-in lockout of the account from this address is read first, and holds it back (429)
     * before any hash; a wrong password is then counted as a sign-in failure and audited as a reauthentication.
     */
    private Compared compareOnSession(Principal.SignedIn me, String password, boolean asSignIn) {
        limits.admitCredentialCheck(me.tenantId(), me.actor(), me.userId());
        record Loaded(User user, Tenant tenant, Integer attempt, SignInFailures.Keys keys,
                Optional<SignInFailures.Hold> hold) {
        }
        Loaded loaded = QuarkusTransaction.requiringNew().call(() -> {
            User user = users.findById(me.userId());
            SignInFailures.Keys keys = asSignIn
                    ? failures.keys(me.tenantId(), user.userName, request.clientLimitKey()) : null;
            Optional<SignInFailures.Hold> hold = asSignIn ? failures.hold(keys) : Optional.empty();
            Integer attempt = hold.isPresent() ? null
                    : tokens.countPasswordAttempt(me.sessionId(), MAX_WRONG_PASSWORDS).orElse(null);
            return new Loaded(user, tenants.findById(me.tenantId()), attempt, keys, hold);
        });
        if (loaded.hold().isPresent()) {
            throw limits.refuse(new RateLimiter.Refusing(me.tenantId(), me.actor(), me.userId()),
                    loaded.hold().get().limit(), loaded.hold().get().retryAfter());
        }
        if (loaded.attempt() == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "This session has ended; sign in again.");
        }
        boolean matches;
        try {
            matches = credentials.matches(password, loaded.user().passwordHash);
        } catch (RuntimeException notCompared) {
            // Refused before the comparison (the hash pool's share, or busy): the attempt was not made.
            QuarkusTransaction.requiringNew().run(() -> tokens.uncountPasswordAttempt(me.sessionId()));
            throw notCompared;
        }
        if (!matches && asSignIn) {
            Instant now = Instant.now();
            QuarkusTransaction.requiringNew().run(() -> jdbc.writeAll(List.of(
                    failures.failing(loaded.keys(), password, now),
                    audit.recording(new AuditLog.Entry(me.tenantId(), AuditType.REAUTHENTICATION, me.actor(),
                            me.userId(), AuditLog.Outcome.FAILURE, "wrong-password")))));
        }
        if (!matches && endedSession(me, loaded.user(), loaded.tenant())) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED,
                    "Too many wrong passwords: this session has ended. Sign in again.");
        }
        if (matches && !asSignIn) {
            // (A reauthentication sets the count back in the update that records its proof.)
            QuarkusTransaction.requiringNew().run(() -> tokens.clearPasswordAttempts(me.sessionId()));
        }
        return new Compared(loaded.user(), loaded.tenant(), matches, loaded.attempt(), loaded.keys());
    }

    /**
     * After a wrong current password: when the session's count (this attempt and those still being compared) has
     * reached {@value #MAX_WRONG_PASSWORDS}, revokes the session, tells the user and audits it. Read under the
     * session's lock, so that of the wrong ones that finish, none after the fifth is let pass.
     */
    private boolean endedSession(Principal.SignedIn me, User user, Tenant tenant) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (tokens.lockedPasswordAttempts(me.sessionId(), MAX_WRONG_PASSWORDS) < MAX_WRONG_PASSWORDS) {
                return false;
            }
            Instant now = Instant.now();
            tokens.revoke(me.sessionId(), now);
            mail.enqueue(tenant.id, user.id, user.email, user.locale, new SessionRevokedNotice(user.displayName,
                    user.userName, tenant.displayName, Notices.when(now), Notices.supportContact(tenant)));
            audit.record(new AuditLog.Entry(tenant.id, AuditType.SESSION_REVOKED, Actor.SYSTEM, user.id,
                    AuditLog.Outcome.SUCCESS, "too-many-wrong-passwords"));
            return true;
        });
    }

    @Transactional
    public void signOut() {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        tokens.revoke(me.sessionId(), Instant.now());
        audit.success(me.tenantId(), AuditType.SIGN_OUT, me.actor(), me.userId());
    }
}
