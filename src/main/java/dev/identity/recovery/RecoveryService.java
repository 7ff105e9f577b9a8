package dev.identity.recovery;

import dev.identity.IdentityConfig;
import dev.identity.account.AuthenticatorService;
import dev.identity.account.Tenant;
import dev.identity.account.TenantRepository;
import dev.identity.account.User;
import dev.identity.account.UserRepository;
import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CredentialService;
import dev.identity.mail.MailKind;
import dev.identity.mail.MailOutbox;
import dev.identity.mail.OutboxMessage;
import dev.identity.account.AccessChecks;
import dev.identity.policy.AccessPolicy;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.RateLimiter;
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
 * dispatcher handles like any other but never hands to SMTP. Verify reserves an attempt in one conditional update before it compares, and consumes a code
 * in another, so that neither guesses nor a race get past the limits. Reset claims the token before the
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

    private static final String CODE_PURPOSE = "recovery-code";
    private static final String TOKEN_PURPOSE = "recovery-reset-token";

    private final TenantRepository tenants;
    private final UserRepository users;
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

    RecoveryService(TenantRepository tenants, UserRepository users, CredentialService credentials, MailOutbox mail,
            AuditLog audit, RateLimiter limits, Codes codes, AuthenticatorService authenticators, EntityManager em,
            IdentityConfig config, MeterRegistry metrics, AccessChecks checks) {
        this.checks = checks;
        this.tenants = tenants;
        this.users = users;
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
        Tenant tenant = QuarkusTransaction.requiringNew().call(() -> tenants.requireByDomain(tenantDomain));
        AccessPolicy.Decision decision = AccessPolicy.decide(checks.deployment(), new AccessPolicy.Anonymous(),
                AccessPolicy.Action.SELF_SERVICE_RESET, Set.of(), tenant.selfServiceReset);
        if (!decision.allowed()) {
            ProblemException refusal = checks.refusal(decision, tenant.id, AuditType.RECOVERY_START, Actor.ANONYMOUS,
                    null);
            throw tenant.supportContact == null ? refusal : refusal.with("supportContact", tenant.supportContact);
        }
        limits.check(RateLimiter.Endpoint.RECOVERY_START, tenant.id, userName);
        Started started = QuarkusTransaction.requiringNew().call(() -> startFlow(tenant, userName));
        metrics.counter("identity.recovery.starts").increment();
        return started;
    }

    private Started startFlow(Tenant tenant, String userName) {
        Instant now = Instant.now();
        Optional<User> found = users.findByUserName(tenant.id, userName);
        List<String> methods = methodsOf(found.orElse(null));
        String silence = silenceReason(found, methods);
        User user = silence == null ? found.get() : null;
        byte[] accountKey = codes.accountKey(tenant.id, userName);

        em.createNativeQuery("""
                update recovery_flow set state = 'superseded', finished_at = ?1
                where account_key = ?2 and state in ('pending', 'verified')""")
                .setParameter(1, now).setParameter(2, accountKey).executeUpdate();

        RecoveryFlow flow = new RecoveryFlow();
        flow.id = UUID.randomUUID();
        flow.tenantId = tenant.id;
        flow.userId = user == null ? null : user.id;
        flow.accountKey = accountKey;
        flow.state = "pending";
        boolean admin = user != null && !user.roleSet().isEmpty();
        flow.requiredMethods = user == null ? new String[] {EMAIL} : methods.toArray(String[]::new);
        flow.needCount = admin ? 2 : 1;
        String code = codes.newCode();
        flow.emailCodeHash = codes.hash(CODE_PURPOSE, flow.id, code);
        flow.emailCodeExpires = now.plus(CODE_LIFETIME);
        flow.createdAt = now;
        flow.expiresAt = now.plus(FLOW_LIFETIME);
        em.persist(flow);

        // The mail is rendered and sealed on both paths; it is queued only when someone is there to get it.
        User recipient = user != null ? user : found.orElse(null);
        OutboxMessage message = mail.prepare(tenant.id, flow.userId, MailKind.RECOVERY_CODE,
                recipient != null ? recipient.email : "nobody@invalid", recipient != null ? recipient.locale : null,
                codeMailData(tenant, recipient, userName, flow.id, code));
        if (user != null && methods.contains(EMAIL)) {
            mail.persist(message);
        } else {
            mail.persistDecoy(message);
        }
        audit.record(new AuditLog.Entry(tenant.id, AuditType.RECOVERY_START, Actor.ANONYMOUS,
                found.map(u -> u.id).orElse(null),
                silence == null ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.REFUSED, silence));
        return new Started(flow.id, flow.expiresAt);
    }

    /** The verified recovery methods of a user; for nobody, the same queries run and find none. */
    private List<String> methodsOf(User user) {
        boolean authenticator = authenticators.isActive(user == null ? null : user.id);
        if (user == null) {
            return List.of();
        }
        List<String> methods = new java.util.ArrayList<>(2);
        if (user.emailVerified && user.email != null && !user.email.isBlank()) {
            methods.add(EMAIL);
        }
        if (authenticator) {
            methods.add(AUTHENTICATOR);
        }
        return List.copyOf(methods);
    }

    /** Why nobody will be recovered (kept in the audit only), or null when the user can be. */
    private static String silenceReason(Optional<User> found, List<String> methods) {
        if (found.isEmpty()) {
            return "unknown-user";
        }
        User user = found.get();
        if (!user.enabled) {
            return "user-disabled";
        }
        if (methods.isEmpty()) {
            return "no-recovery-method";
        }
        if (!user.roleSet().isEmpty() && !(methods.contains(EMAIL) && methods.contains(AUTHENTICATOR))) {
            return "admin-needs-two-methods";
        }
        return null;
    }

    private Map<String, Object> codeMailData(Tenant tenant, User user, String userName, UUID flowId, String code) {
        Map<String, Object> data = new HashMap<>();
        data.put("displayName", user != null ? user.displayName : userName);
        data.put("userName", user != null ? user.userName : userName);
        data.put("tenantName", tenant.displayName);
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
            throw ProblemException.of(ProblemType.NOT_FOUND, "No such recovery flow.");
        }
        limits.check(RateLimiter.Endpoint.VERIFY, flow.tenantId, java.util.HexFormat.of().formatHex(flow.accountKey));
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
            case AUTHENTICATOR -> !offered ? "wrong-code" : switch (authenticators.use(flow.userId, code)) {
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

    public void reset(UUID flowId, String resetToken, String newPassword) {
        record Target(RecoveryFlow flow, User user, Tenant tenant) {
        }
        Target target = QuarkusTransaction.requiringNew().call(() -> {
            RecoveryFlow flow = em.find(RecoveryFlow.class, flowId);
            if (flow == null) {
                throw ProblemException.of(ProblemType.NOT_FOUND, "No such recovery flow.");
            }
            User user = flow.userId == null ? null : em.find(User.class, flow.userId);
            return new Target(flow, user, user == null ? null : em.find(Tenant.class, user.tenantId));
        });
        RecoveryFlow flow = target.flow();
        if (!"verified".equals(flow.state)) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED,
                    "This recovery has no live reset token (not verified yet, used, or replaced); start again.");
        }
        if (!codes.matches(TOKEN_PURPOSE, flowId, resetToken, flow.resetTokenHash)) {
            audit.failed(flow.tenantId, AuditType.SELF_SERVICE_RESET, Actor.ANONYMOUS, flow.userId, "invalid-token");
            throw ProblemException.invalid("resetToken", "invalid-token", "The reset token is not this flow's.");
        }
        if (!flow.resetExpiresAt.isAfter(Instant.now()) || target.user() == null || !target.user().enabled) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The reset token has expired; start again.");
        }
        User user = target.user();
        Actor actor = Actor.user(user.id, user.tenantId);
        CredentialService.CheckedPassword checked = credentials.checkPolicy(user, target.tenant(), newPassword,
                "newPassword", CredentialService.ChangeKind.SELF_SERVICE_RESET, actor);
        byte[] tokenHash = flow.resetTokenHash;
        claim(flowId, tokenHash);
        try {
            credentials.replacePassword(user, target.tenant(), checked, false,
                    CredentialService.ChangeKind.SELF_SERVICE_RESET, actor, () -> complete(flowId, tokenHash));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                    update recovery_flow set reset_claimed_until = null where id = ?1 and state = 'verified'""")
                    .setParameter(1, flowId).executeUpdate());
            throw e;
        }
        metrics.counter("identity.password.resets", "kind", "self-service").increment();
    }

    /** Only one reset at a time may hold a token; the others are refused before they hash anything. */
    private void claim(UUID flowId, byte[] tokenHash) {
        int claimed = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                update recovery_flow set reset_claimed_until = now() + make_interval(secs => ?3)
                where id = ?1 and state = 'verified' and reset_token_hash = ?2 and reset_expires_at > now()
                  and (reset_claimed_until is null or reset_claimed_until < now())""")
                .setParameter(1, flowId).setParameter(2, tokenHash).setParameter(3, RESET_CLAIM.toSeconds())
                .executeUpdate());
        if (claimed == 1) {
            return;
        }
        RecoveryFlow now = QuarkusTransaction.requiringNew().call(() -> em.find(RecoveryFlow.class, flowId));
        if (now != null && "verified".equals(now.state) && now.resetClaimedUntil != null) {
            throw ProblemException.of(ProblemType.CONFLICT, "A reset with this token is already in progress.");
        }
        throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The reset token was already used or has expired.");
    }

    /** Consumes the token in the transaction that stores the password; if it cannot, nothing is stored. */
    private void complete(UUID flowId, byte[] tokenHash) {
        int done = em.createNativeQuery("""
                update recovery_flow set state = 'completed', finished_at = now(), reset_token_hash = null,
                    reset_claimed_until = null
                where id = ?1 and state = 'verified' and reset_token_hash = ?2""")
                .setParameter(1, flowId).setParameter(2, tokenHash).executeUpdate();
        if (done != 1) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The reset token was already used.");
        }
    }
}
