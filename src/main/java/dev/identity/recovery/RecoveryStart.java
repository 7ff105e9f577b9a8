package dev.identity.recovery;

import dev.identity.IdentityConfig;
import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.directory.TenantDirectory;
import dev.identity.mail.MailOutbox;
import dev.identity.mail.OutboxMessage;
import dev.identity.mail.RecoveryCodeMail;
import dev.identity.platform.Jdbc;
import dev.identity.platform.RequestInfo;
import dev.identity.policy.AccessPolicy;
import dev.identity.problem.ProblemException;
import dev.identity.ratelimit.RateLimiter;
import dev.identity.ratelimit.SignInFailures;
import dev.identity.session.AccessChecks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Recovery-start (DESIGN.md 4): the same work whether or not anybody can be recovered. It makes a code, hashes it,
 * writes a flow, renders, seals and queues the mail; when nobody is there to receive it the mail is a decoy, which
 * the dispatcher handles like any other but never hands to SMTP. Its transaction is one read and one write.
 */
@ApplicationScoped
public class RecoveryStart {

    static final Duration FLOW_LIFETIME = Duration.ofMinutes(15);

    private final TenantDirectory directory;
    private final RecoveryFlows flows;
    private final RecoveryGates gates;
    private final EmailCodeGate emailCodes;
    private final Jdbc jdbc;
    private final MailOutbox mail;
    private final AuditLog audit;
    private final RateLimiter limits;
    private final SignInFailures signInFailures;
    private final AccessChecks checks;
    private final RequestInfo request;
    private final IdentityConfig config;
    private final MeterRegistry metrics;

    RecoveryStart(TenantDirectory directory, RecoveryFlows flows, RecoveryGates gates, EmailCodeGate emailCodes,
            Jdbc jdbc, MailOutbox mail, AuditLog audit, RateLimiter limits, SignInFailures signInFailures,
            AccessChecks checks, RequestInfo request, IdentityConfig config, MeterRegistry metrics) {
        this.directory = directory;
        this.flows = flows;
        this.gates = gates;
        this.emailCodes = emailCodes;
        this.jdbc = jdbc;
        this.mail = mail;
        this.audit = audit;
        this.limits = limits;
        this.signInFailures = signInFailures;
        this.checks = checks;
        this.request = request;
        this.config = config;
        this.metrics = metrics;
    }

    public record Started(UUID flowId, Instant expiresAt) {
    }

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
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> startFlow(tenantId, userName, keys));
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
    private record Outcome(TenantDirectory.Settings tenant, Started started) {
    }

    /**
     * Reads the tenant and the user, takes a code mail from the account's caps, then writes the flow, the mail
     * (real or decoy) and the audit event in one statement. Both paths, somebody or nobody, within the caps or past
     * them, run the very same statements.
     *
     * <p>The caps (DESIGN.md 4.5): code mails per account from this address, and per account from addresses it
     * has not signed in from lately. Past one, the start is silent like one for nobody: a decoy mail, and no
     * older flow superseded. The daily cap spares familiar addresses, so that strangers who spend it from many
     * addresses cannot stop the owner recovering from home; its "at most 20 live codes a day" holds for everyone
     * else. A start supersedes only the flows started from its own address: a stranger's starts cannot cancel the
     * owner's flow.
     */
    private Outcome startFlow(UUID tenantId, String userName, SignInFailures.Keys keys) {
        Instant now = Instant.now();
        RecoveryFlows.StartRead read = flows.readForStart(tenantId, keys);
        TenantDirectory.Settings tenant = read.tenant();
        if (!selfServiceDecision(tenant).allowed()) {
            return new Outcome(tenant, null);
        }
        Optional<RecoveryFlows.Candidate> found = read.user();
        List<String> methods = found.map(gates::availableTo).orElse(List.of());
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
        RecoveryFlows.Candidate user = silence == null ? found.get() : null;

        UUID flowId = UUID.randomUUID();
        Instant expiresAt = now.plus(FLOW_LIFETIME);
        EmailCodeGate.NewCode code = emailCodes.newCode(flowId);
        RecoveryFlows.NewFlow flow = new RecoveryFlows.NewFlow(flowId, tenantId, user == null ? null : user.id(),
                keys.account(), keys.address(), user == null ? List.of(EmailCodeGate.METHOD) : methods,
                user != null && user.admin() ? 2 : 1, code.hash(), now.plus(EmailCodeGate.CODE_LIFETIME), now,
                expiresAt);

        // The mail is rendered and sealed on both paths; it goes out only when someone is there to get it.
        RecoveryFlows.Candidate recipient = found.orElse(null);
        OutboxMessage message = mail.prepare(tenantId, user == null ? null : user.id(),
                recipient != null ? recipient.email() : "nobody@invalid", recipient != null ? recipient.locale() : null,
                codeMail(tenant.displayName(), recipient, userName, flowId, code.code()));
        List<Jdbc.Statement> writes = new ArrayList<>(flows.starting(flow, user != null));
        writes.add(mail.queueing(message, user == null || !methods.contains(EmailCodeGate.METHOD)));
        writes.add(audit.recording(new AuditLog.Entry(tenantId, AuditType.RECOVERY_START, Actor.ANONYMOUS,
                found.map(RecoveryFlows.Candidate::id).orElse(null),
                user != null ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.REFUSED, silence)));
        jdbc.writeAll(writes);
        return new Outcome(tenant, new Started(flowId, expiresAt));
    }

    /** Why nobody will be recovered (kept in the audit only), or null when the user can be. */
    private static String silenceReason(Optional<RecoveryFlows.Candidate> found, List<String> methods) {
        if (found.isEmpty()) {
            return "unknown-user";
        }
        RecoveryFlows.Candidate user = found.get();
        if (!user.enabled()) {
            return "user-disabled";
        }
        if (methods.isEmpty()) {
            return "no-recovery-method";
        }
        // A user with an admin role passes two gates (DESIGN.md 4.2): with fewer methods, none is offered.
        if (user.admin() && methods.size() < 2) {
            return "admin-needs-two-methods";
        }
        return null;
    }

    private RecoveryCodeMail codeMail(String tenantName, RecoveryFlows.Candidate user, String userName, UUID flowId,
            String code) {
        return new RecoveryCodeMail(user != null ? user.displayName() : userName,
                user != null ? user.userName() : userName, tenantName, code,
                config.recovery().linkTemplate().filter(t -> !t.isBlank())
                        .map(t -> t.replace("{flowId}", flowId.toString())
                                .replace("{code}", URLEncoder.encode(code, StandardCharsets.UTF_8)))
                        .orElse(null));
    }
}
