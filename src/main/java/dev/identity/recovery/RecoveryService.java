package dev.identity.recovery;

import dev.identity.IdentityConfig;
import dev.identity.account.AuthenticatorService;
import dev.identity.account.TenantDirectory;
import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.Codes;
import dev.identity.credential.CredentialService;
import dev.identity.mail.MailKind;
import dev.identity.mail.MailOutbox;
import dev.identity.mail.OutboxMessage;
import dev.identity.account.AccessChecks;
import dev.identity.policy.AccessPolicy;
import dev.identity.platform.Jdbc;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.platform.RequestInfo;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.ratelimit.SignInFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Self-service recovery (DESIGN.md section 4): start, verify one or two gates, reset.
 *
 * <p>Start does the same work whether or not anybody can be recovered: it makes a code, hashes it, writes a
 * flow, renders, seals and queues the mail; when nobody is there to receive it the mail is a decoy, which the
 * dispatcher handles like any other but never hands to SMTP. Its transaction is one read and one write. Verify
 * reserves an attempt in one conditional update before it compares, and consumes a code in another, so that
 * neither guesses nor a race get past the limits. Reset claims the token before the
 * password is hashed and consumes it in the transaction that stores the password.
 */
@ApplicationScoped
public class RecoveryService {

    public static final String EMAIL = "email";
    public static final String AUTHENTICATOR = "authenticator";

    static final Duration FLOW_LIFETIME = Duration.ofMinutes(15);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    static final Duration RESET_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_WRONG_CODES = 5;
    /** How long a reset may hold its token while the password is hashed; a crashed holder lets go after it. */
    private static final Duration RESET_CLAIM = Duration.ofMinutes(1);

    /** Looked up in the place of a user who does not exist, so that both paths run the same queries. */
    private static final UUID NOBODY = new UUID(0, 0);
    private static final String CODE_PURPOSE = "recovery-code";
    private static final String TOKEN_PURPOSE = "recovery-reset-token";

    private final TenantDirectory directory;
    private final Jdbc jdbc;
    private final CredentialService credentials;
    private final MailOutbox mail;
    private final AuditLog audit;
    private final RateLimiter limits;
    private final Codes codes;
    private final AuthenticatorService authenticators;
    private final EntityManager em;
    private final IdentityConfig config;
    private final MeterRegistry metrics;
    private final AccessChecks checks;
    private final SignInFailures signInFailures;
    private final RequestInfo request;

    RecoveryService(TenantDirectory directory, Jdbc jdbc, CredentialService credentials, MailOutbox mail,
            AuditLog audit, RateLimiter limits, Codes codes, AuthenticatorService authenticators, EntityManager em,
            IdentityConfig config, MeterRegistry metrics, AccessChecks checks, SignInFailures signInFailures,
            RequestInfo request) {
        this.checks = checks;
        this.signInFailures = signInFailures;
        this.request = request;
        this.directory = directory;
        this.jdbc = jdbc;
        this.credentials = credentials;
        this.mail = mail;
        this.audit = audit;
        this.limits = limits;
        this.codes = codes;
        this.authenticators = authenticators;
        this.em = em;
        this.config = config;
        this.metrics = metrics;
    }

    public record Started(UUID flowId, Instant expiresAt) {
    }

    /** The answer to a verified gate: a reset token, or the method still to pass. */
    public record Verified(String status, String resetToken, Instant expiresAt, String method) {
        static Verified token(String token, Instant expiresAt) {
            return new Verified("verified", token, expiresAt, null);
        }

        static Verified more(String method) {
            return new Verified("more-verification-required", null, null, method);
        }
    }

    // ---- start -----------------------------------------------------------------------------------------

    public Started start(String tenantDomain, String userName) {
        TenantDirectory.Settings tenant = directory.require(tenantDomain);
        if (!selfServiceDecision(tenant).allowed()) {
            // Refused only on the tenant as it is now, never on a remembered copy.
            tenant = directory.read(tenantDomain);
            if (!selfServiceDecision(tenant).allowed()) {
                throw selfServiceRefusal(tenant);
            }
        }
        UUID tenantId = tenant.id();
        String address = request.clientLimitKey();
        limits.admit(new RateLimiter.Refusing(tenantId, Actor.ANONYMOUS, null),
                new RateLimiter.Take(RateLimiter.Limit.RECOVERY_START_PER_ADDRESS, address),
                new RateLimiter.Take(RateLimiter.Limit.RECOVERY_START_PER_TENANT, tenantId.toString()));
        SignInFailures.Keys keys = signInFailures.keys(tenantId, userName, address);
        StartOutcome outcome = QuarkusTransaction.requiringNew().call(() -> startFlow(tenantId, userName, keys));
        directory.remember(tenantDomain, outcome.tenant());
        if (outcome.started() == null) {
            // The tenant's self-service was turned off since the settings above were read; nothing was written.
            throw selfServiceRefusal(outcome.tenant());
        }
        metrics.counter("identity.recovery.starts").increment();
        return outcome.started();
    }

    private AccessPolicy.Decision selfServiceDecision(TenantDirectory.Settings tenant) {
        return AccessPolicy.decide(checks.deployment(), new AccessPolicy.Anonymous(),
                AccessPolicy.Action.SELF_SERVICE_RESET, Set.of(), tenant.selfServiceReset());
    }

    /** The 403 of a tenant whose self-service is off, with its support contact; the refusal is audited. */
    private ProblemException selfServiceRefusal(TenantDirectory.Settings tenant) {
        ProblemException refusal = checks.refusal(selfServiceDecision(tenant), tenant.id(), AuditType.RECOVERY_START,
                Actor.ANONYMOUS, null);
        return tenant.supportContact() == null ? refusal : refusal.with("supportContact", tenant.supportContact());
    }

    /** A start's transaction: the flow it wrote, or null when the tenant read in it refuses self-service. */
    private record StartOutcome(TenantDirectory.Settings tenant, Started started) {
    }

    /**
     * What a start reads: the tenant as it is now, the user asked for when there is one, and whether the client's
     * address is familiar to the account.
     */
    private record StartRead(TenantDirectory.Settings tenant, Optional<Candidate> user, boolean familiar) {
    }

    /** A user as recovery-start sees them; {@code admin} when they hold any role. */
    private record Candidate(UUID id, String userName, String displayName, String email, boolean emailVerified,
            boolean enabled, String locale, boolean admin, boolean authenticator) {
    }

    /**
     * Reads the tenant and the user, takes a code mail from the account's caps, then writes the flow, the mail
     * (real or decoy) and the audit event in one statement. Plain JDBC: this is the public endpoint anyone can
     * call in a loop, and both paths, somebody or nobody, within the caps or past them, run the very same
     * statements.
     *
     * <p>The caps (DESIGN.md 4.5): code mails per account from this address, and per account from addresses it
     * has not signed in from lately. Past one, the start is silent like one for nobody: a decoy mail, and no
     * older flow superseded. The daily cap spares familiar addresses, so that strangers who spend it from many
     * addresses cannot stop the owner recovering from home; its "at most 20 live codes a day" holds for everyone
     * else. A start supersedes only the flows started from its own address: a stranger's starts cannot cancel the
     * owner's flow.
     */
    private StartOutcome startFlow(UUID tenantId, String userName, SignInFailures.Keys keys) {
        Instant now = Instant.now();
        StartRead read = jdbc.first("""
                select t.display_name, t.self_service_reset, t.support_contact, u.id, u.user_name, u.display_name,
                    u.email, u.email_verified, u.enabled, u.locale, cardinality(u.roles) > 0,
                    exists (select 1 from authenticator a where a.user_id = coalesce(u.id, ?) and a.state = 'active'),
                    """ + SignInFailures.FAMILIAR + """
                from tenant t left join app_user u on u.tenant_id = t.id and u.user_name_key = ?
                where t.id = ?""", row -> new StartRead(
                        new TenantDirectory.Settings(tenantId, row.getString(1), row.getBoolean(2), row.getString(3)),
                        row.getObject(4) == null ? Optional.empty() : Optional.of(new Candidate(
                                row.getObject(4, UUID.class), row.getString(5), row.getString(6), row.getString(7),
                                row.getBoolean(8), row.getBoolean(9), row.getString(10), row.getBoolean(11),
                                row.getBoolean(12))), row.getBoolean(13)),
                NOBODY, keys.account(), keys.address(), keys.userNameKey(), tenantId)
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such tenant."));
        TenantDirectory.Settings tenant = read.tenant();
        if (!selfServiceDecision(tenant).allowed()) {
            return new StartOutcome(tenant, null);
        }
        Optional<Candidate> found = read.user();
        List<String> methods = found.map(RecoveryService::methodsOf).orElse(List.of());
        String account = HexFormat.of().formatHex(keys.account());
        RateLimiter.Take fromHere = new RateLimiter.Take(RateLimiter.Limit.RECOVERY_MAILS_PER_ACCOUNT_AND_ADDRESS,
                account + "/" + HexFormat.of().formatHex(keys.address()));
        Optional<RateLimiter.Refusal> capped = read.familiar() ? limits.tryTakeInTransaction(fromHere)
                : limits.tryTakeInTransaction(fromHere,
                        new RateLimiter.Take(RateLimiter.Limit.RECOVERY_MAILS_PER_ACCOUNT, account));
        String silence = silenceReason(found, methods);
        if (silence == null && capped.isPresent()) {
            silence = capped.get().limit().slug();
            metrics.counter("identity.rate.limited", "limit", silence).increment();
        }
        Candidate user = silence == null ? found.get() : null;
        byte[] accountKey = keys.account();

        UUID flowId = UUID.randomUUID();
        Instant expiresAt = now.plus(FLOW_LIFETIME);
        String[] required = user == null ? new String[] {EMAIL} : methods.toArray(String[]::new);
        int needCount = user != null && user.admin() ? 2 : 1;
        String code = codes.newCode();
        byte[] codeHash = codes.hash(CODE_PURPOSE, flowId, code);

        // The mail is rendered and sealed on both paths; it goes out only when someone is there to get it.
        Candidate recipient = found.orElse(null);
        OutboxMessage message = mail.prepare(tenantId, user == null ? null : user.id(), MailKind.RECOVERY_CODE,
                recipient != null ? recipient.email() : "nobody@invalid", recipient != null ? recipient.locale() : null,
                codeMailData(tenant.displayName(), recipient, userName, flowId, code));
        jdbc.writeAll(List.of(
                // A silent start supersedes nothing: this address's flows keep the codes that did go out.
                Jdbc.Statement.of("""
                        update recovery_flow set state = 'superseded', finished_at = ?
                        where account_key = ? and address_key = ? and state in ('pending', 'verified') and ?""",
                        now, accountKey, keys.address(), user != null),
                Jdbc.Statement.of("""
                        insert into recovery_flow (id, tenant_id, user_id, account_key, address_key, state,
                            required_methods, passed_methods, need_count, email_code_hash, email_code_expires,
                            attempts, created_at, expires_at)
                        values (?, ?, ?, ?, ?, 'pending', ?, '{}', ?, ?, ?, 0, ?, ?)""", flowId, tenantId,
                        user == null ? null : user.id(), accountKey, keys.address(), required, needCount, codeHash,
                        now.plus(CODE_LIFETIME), now, expiresAt),
                mail.queueing(message, user == null || !methods.contains(EMAIL)),
                audit.recording(new AuditLog.Entry(tenantId, AuditType.RECOVERY_START, Actor.ANONYMOUS,
                        found.map(Candidate::id).orElse(null),
                        user != null ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.REFUSED, silence))));
        return new StartOutcome(tenant, new Started(flowId, expiresAt));
    }

    /** The verified recovery methods of a user. */
    private static List<String> methodsOf(Candidate user) {
        List<String> methods = new java.util.ArrayList<>(2);
        if (user.emailVerified() && user.email() != null && !user.email().isBlank()) {
            methods.add(EMAIL);
        }
        if (user.authenticator()) {
            methods.add(AUTHENTICATOR);
        }
        return List.copyOf(methods);
    }

    /** Why nobody will be recovered (kept in the audit only), or null when the user can be. */
    private static String silenceReason(Optional<Candidate> found, List<String> methods) {
        if (found.isEmpty()) {
            return "unknown-user";
        }
        Candidate user = found.get();
        if (!user.enabled()) {
            return "user-disabled";
        }
        if (methods.isEmpty()) {
            return "no-recovery-method";
        }
        if (user.admin() && !(methods.contains(EMAIL) && methods.contains(AUTHENTICATOR))) {
            return "admin-needs-two-methods";
        }
        return null;
    }

    private Map<String, Object> codeMailData(String tenantName, Candidate user, String userName, UUID flowId,
            String code) {
        Map<String, Object> data = new HashMap<>();
        data.put("displayName", user != null ? user.displayName() : userName);
        data.put("userName", user != null ? user.userName() : userName);
        data.put("tenantName", tenantName);
        data.put("code", code);
        data.put("link", config.recovery().linkTemplate().filter(t -> !t.isBlank())
                .map(t -> t.replace("{flowId}", flowId.toString())
                        .replace("{code}", URLEncoder.encode(code, StandardCharsets.UTF_8)))
                .orElse(null));
        return data;
    }

    // ---- verify ----------------------------------------------------------------------------------------

    public Verified verify(UUID flowId, String method, String code) {
        RecoveryFlow flow = QuarkusTransaction.requiringNew().call(() -> em.find(RecoveryFlow.class, flowId));
        if (flow == null) {
            // Probing for flow ids costs a read each: it takes from the address's limit too.
            limits.admit(new RateLimiter.Refusing(null, Actor.ANONYMOUS, null),
                    new RateLimiter.Take(RateLimiter.Limit.VERIFY_PER_ADDRESS, request.clientLimitKey()));
            throw ProblemException.of(ProblemType.NOT_FOUND, "No such recovery flow.");
        }
        // Per address and per tenant only: each flow takes 5 wrong codes, and a limit per account would let a
        // stranger's wrong codes on flows of their own hold the owner's back.
        limits.admit(new RateLimiter.Refusing(flow.tenantId, Actor.ANONYMOUS, flow.userId),
                new RateLimiter.Take(RateLimiter.Limit.VERIFY_PER_ADDRESS, request.clientLimitKey()),
                new RateLimiter.Take(RateLimiter.Limit.VERIFY_PER_TENANT, flow.tenantId.toString()));
        Instant now = Instant.now();
        if (EMAIL.equals(method) && flow.emailCodeExpires != null && !flow.emailCodeExpires.isAfter(now)
                && "pending".equals(flow.state)) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The code has expired; start again.");
        }
        if ("pending".equals(flow.state) && Arrays.asList(flow.passedMethods).contains(method)) {
            throw ProblemException.of(ProblemType.CONFLICT, "This method is already verified; verify with the other.");
        }
        Integer attempts = QuarkusTransaction.requiringNew().call(() -> reserveAttempt(flowId));
        if (attempts == null) {
            throw whyNotOpen(flowId);
        }
        String wrong = checkGate(flow, method, code);
        if (wrong != null) {
            return wrongCode(flow, attempts, wrong);
        }
        Verified verified = QuarkusTransaction.requiringNew().call(() -> passGate(flow, method));
        metrics.counter("identity.recovery.verifications", "outcome", "success").increment();
        return verified;
    }

    /** Counts an attempt before any comparison; null when the flow takes no more attempts. */
    private Integer reserveAttempt(UUID flowId) {
        List<?> rows = em.createNativeQuery("""
                with reserved as (
                    update recovery_flow set attempts = attempts + 1
                    where id = ?1 and state = 'pending' and attempts < ?2 and expires_at > now()
                    returning attempts)
                select attempts from reserved""").setParameter(1, flowId).setParameter(2, MAX_WRONG_CODES)
                .getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).intValue();
    }

    private ProblemException whyNotOpen(UUID flowId) {
        RecoveryFlow flow = QuarkusTransaction.requiringNew().call(() -> em.find(RecoveryFlow.class, flowId));
        if (flow != null && ("locked".equals(flow.state)
                || ("pending".equals(flow.state) && flow.attempts >= MAX_WRONG_CODES))) {
            return ProblemException.of(ProblemType.FLOW_LOCKED, "Too many wrong codes; start again later.");
        }
        return ProblemException.of(ProblemType.FLOW_EXPIRED,
                "This recovery is over (expired, used or replaced by a newer one); start again.");
    }

    /**
     * Compares the code of a gate: null when it is right, else why not ({@code wrong-code}, or
     * {@code replayed-code} for an authenticator code already used). A right authenticator code is used up here.
     */
    private String checkGate(RecoveryFlow flow, String method, String code) {
        boolean offered = flow.userId != null && Arrays.asList(flow.requiredMethods).contains(method);
        return switch (method) {
            case EMAIL -> codes.matches(CODE_PURPOSE, flow.id, code, flow.emailCodeHash) && offered
                    ? null : "wrong-code";
            // Not offered (nobody, or no authenticator): the same statements and work on a decoy seed, and wrong.
            case AUTHENTICATOR -> switch (authenticators.use(offered ? flow.userId : null, code)) {
                case ACCEPTED -> null;
                case REPLAYED -> "replayed-code";
                case WRONG -> "wrong-code";
            };
            default -> "wrong-code";
        };
    }

    private Verified wrongCode(RecoveryFlow flow, int attempts, String reason) {
        int remaining = Math.max(0, MAX_WRONG_CODES - attempts);
        audit.failed(flow.tenantId, AuditType.RECOVERY_VERIFY, Actor.ANONYMOUS, flow.userId, reason);
        metrics.counter("identity.recovery.verifications", "outcome", reason).increment();
        if (remaining == 0) {
            QuarkusTransaction.requiringNew().run(() -> {
                int locked = em.createNativeQuery("""
                        update recovery_flow set state = 'locked', finished_at = now()
                        where id = ?1 and state = 'pending'""").setParameter(1, flow.id).executeUpdate();
                if (locked == 1) {
                    audit.record(new AuditLog.Entry(flow.tenantId, AuditType.RECOVERY_LOCKED, Actor.SYSTEM,
                            flow.userId, AuditLog.Outcome.SUCCESS, "too-many-wrong-codes"));
                }
            });
        }
        throw ProblemException.of(ProblemType.INVALID_CODE, remaining == 0
                ? "The code is wrong; this recovery is now locked." : "The code is wrong.")
                .with("remainingAttempts", remaining);
    }

    /** Consumes the gate's code in one conditional update, then answers a token or the next gate. */
    private Verified passGate(RecoveryFlow flow, String method) {
        int consumed = em.createNativeQuery("""
                update recovery_flow
                set email_code_used_at = case when ?2 = 'email' then now() else email_code_used_at end,
                    attempts = attempts - 1,
                    passed_methods = array_append(passed_methods, ?2)
                where id = ?1 and state = 'pending' and expires_at > now() and not (?2 = any (passed_methods))
                  and (?2 <> 'email' or (email_code_used_at is null and email_code_expires > now()))""")
                .setParameter(1, flow.id).setParameter(2, method).executeUpdate();
        if (consumed != 1) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "This code was already used; start again.");
        }
        RecoveryFlow current = em.find(RecoveryFlow.class, flow.id);
        em.refresh(current);
        audit.record(new AuditLog.Entry(flow.tenantId, AuditType.RECOVERY_VERIFY, Actor.ANONYMOUS, flow.userId,
                AuditLog.Outcome.SUCCESS, method));
        if (current.passedMethods.length < current.needCount) {
            String missing = Arrays.stream(current.requiredMethods)
                    .filter(m -> !Arrays.asList(current.passedMethods).contains(m)).findFirst().orElseThrow();
            return Verified.more(missing);
        }
        String token = codes.newToken();
        Instant expiresAt = Instant.now().plus(RESET_LIFETIME);
        current.state = "verified";
        current.resetTokenHash = codes.hash(TOKEN_PURPOSE, flow.id, token);
        current.resetExpiresAt = expiresAt;
        return Verified.token(token, expiresAt);
    }

    // ---- reset -----------------------------------------------------------------------------------------

    /**
     * Claims the token (one transaction: the flow, its user and their tenant read and locked, then the claim),
     * checks the new password against the policy, hashes it, and stores it in the transaction that consumes the
     * token. Whatever refuses it after the claim lets the token go, so that it still works.
     */
    public void reset(UUID flowId, String resetToken, String newPassword) {
        ResetRead claimed = QuarkusTransaction.requiringNew().call(() -> claim(flowId, resetToken));
        CredentialService.Holder holder = claimed.holder();
        Actor actor = Actor.user(holder.userId(), holder.tenantId());
        try {
            request.actFor(holder.userId(), holder.tenantId());
            limits.admitCredentialCheck(holder.tenantId(), actor, holder.userId());
            CredentialService.CheckedPassword checked = credentials.checkPolicy(holder, newPassword, "newPassword",
                    CredentialService.ChangeKind.SELF_SERVICE_RESET, actor);
            credentials.replacePassword(holder, checked, false, CredentialService.ChangeKind.SELF_SERVICE_RESET,
                    actor, () -> complete(flowId, claimed.tokenHash()));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> jdbc.update(Jdbc.Statement.of("""
                    update recovery_flow set reset_claimed_until = null where id = ? and state = 'verified'""",
                    flowId)));
            throw e;
        }
        metrics.counter("identity.password.resets", "kind", "self-service").increment();
    }

    /**
     * A flow as reset reads it: its token, and whose password it lets reset (the holder's user id is null when
     * the flow was for nobody).
     */
    private record ResetRead(String state, byte[] tokenHash, Instant tokenExpiresAt, Instant claimedUntil,
            boolean enabled, CredentialService.Holder holder) {
    }

    /**
     * Only one reset at a time may hold a token; the others are refused before they hash anything. Reads the
     * flow locked, with its user and their tenant's names in the same query, and claims it. Plain JDBC.
     */
    private ResetRead claim(UUID flowId, String resetToken) {
        Instant now = Instant.now();
        ResetRead flow = jdbc.first("""
                select f.tenant_id, f.user_id, f.state, f.reset_token_hash, f.reset_expires_at, f.reset_claimed_until,
                    coalesce(u.enabled, false), u.user_name, u.display_name, u.password_hash, t.domain, t.display_name
                from recovery_flow f left join app_user u on u.id = f.user_id left join tenant t on t.id = u.tenant_id
                where f.id = ? for update of f""", row -> new ResetRead(row.getString(3), row.getBytes(4),
                        Jdbc.instant(row, 5), Jdbc.instant(row, 6), row.getBoolean(7), new CredentialService.Holder(
                                row.getObject(2, UUID.class), row.getObject(1, UUID.class), row.getString(8),
                                row.getString(9), row.getString(10), row.getString(11), row.getString(12))),
                flowId)
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such recovery flow."));
        if (!"verified".equals(flow.state())) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED,
                    "This recovery has no live reset token (not verified yet, used, or replaced); start again.");
        }
        if (!codes.matches(TOKEN_PURPOSE, flowId, resetToken, flow.tokenHash())) {
            audit.failed(flow.holder().tenantId(), AuditType.SELF_SERVICE_RESET, Actor.ANONYMOUS,
                    flow.holder().userId(), "invalid-token");
            throw ProblemException.invalid("resetToken", "invalid-token", "The reset token is not this flow's.");
        }
        if (!flow.tokenExpiresAt().isAfter(now) || flow.holder().userId() == null || !flow.enabled()) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The reset token has expired; start again.");
        }
        if (flow.claimedUntil() != null && flow.claimedUntil().isAfter(now)) {
            throw ProblemException.of(ProblemType.CONFLICT, "A reset with this token is already in progress.");
        }
        jdbc.update(Jdbc.Statement.of("update recovery_flow set reset_claimed_until = ? where id = ?",
                now.plus(RESET_CLAIM), flowId));
        return flow;
    }

    /** Consumes the token in the transaction that stores the password; if it cannot, nothing is stored. */
    private void complete(UUID flowId, byte[] tokenHash) {
        int done = jdbc.update(Jdbc.Statement.of("""
                update recovery_flow set state = 'completed', finished_at = now(), reset_token_hash = null,
                    reset_claimed_until = null
                where id = ? and state = 'verified' and reset_token_hash = ?""", flowId, tokenHash));
        if (done != 1) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The reset token was already used.");
        }
    }
}
