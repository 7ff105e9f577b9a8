package dev.identity.recovery;

import dev.identity.audit.Actor;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.ChangeKind;
import dev.identity.credential.Codes;
import dev.identity.credential.CredentialService;
import dev.identity.platform.RequestInfo;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Self-service recovery after its start ({@link RecoveryStart}): verify one or two gates, then reset (DESIGN.md
 * section 4). Verify counts an attempt in one conditional update before it compares, and consumes a code in
 * another, so that neither guesses nor a race get past the limits; each commits on its own, before the next step,
 * which is why this class opens its transactions itself. Reset claims the token before the password is hashed and
 * consumes it in the transaction that stores the password.
 */
@ApplicationScoped
public class RecoveryService {

    static final Duration RESET_LIFETIME = Duration.ofMinutes(10);
    /** How long a reset may hold its token while the password is hashed; a crashed holder lets go after it. */
    private static final Duration RESET_CLAIM = Duration.ofMinutes(1);
    private static final String TOKEN_PURPOSE = "recovery-reset-token";

    private final RecoveryFlows flows;
    private final RecoveryGates gates;
    private final CredentialService credentials;
    private final AuditLog audit;
    private final RateLimiter limits;
    private final Codes codes;
    private final MeterRegistry metrics;
    private final RequestInfo request;

    RecoveryService(RecoveryFlows flows, RecoveryGates gates, CredentialService credentials, AuditLog audit,
            RateLimiter limits, Codes codes, MeterRegistry metrics, RequestInfo request) {
        this.flows = flows;
        this.gates = gates;
        this.credentials = credentials;
        this.audit = audit;
        this.limits = limits;
        this.codes = codes;
        this.metrics = metrics;
        this.request = request;
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

    // ---- verify ----------------------------------------------------------------------------------------

    public Verified verify(UUID flowId, String method, String code) {
        // One read in autocommit: the attempt reserved below and the gate passed after the code are each conditional
        // writes that check the flow again.
        RecoveryFlow flow = flows.find(flowId).orElse(null);
        if (flow == null) {
            // Probing for flow ids costs a read each: it takes from the address's limit too.
            limits.admit(new RateLimiter.Refusing(null, Actor.ANONYMOUS, null),
                    new RateLimiter.Take(RateLimiter.Limit.VERIFY_PER_ADDRESS, request.clientLimitKey()));
            throw ProblemException.of(ProblemType.NOT_FOUND, "No such recovery flow.");
        }
        // Per address and per tenant only: each flow takes 5 wrong codes, and a limit per account would let a
        // stranger's wrong codes on flows of their own hold the owner's back.
        limits.admit(new RateLimiter.Refusing(flow.tenantId(), Actor.ANONYMOUS, flow.userId()),
                new RateLimiter.Take(RateLimiter.Limit.VERIFY_PER_ADDRESS, request.clientLimitKey()),
                new RateLimiter.Take(RateLimiter.Limit.VERIFY_PER_TENANT, flow.tenantId().toString()));
        RecoveryGate gate = gates.of(method).orElse(null);
        if (gate != null) {
            gate.beforeAttempt(flow, Instant.now());
        }
        if (flow.state() == FlowState.PENDING && flow.passed(method)) {
            throw ProblemException.of(ProblemType.CONFLICT, "This method is already verified; verify with the other.");
        }
        // Committed before the code is compared: the attempt counts whatever happens next.
        int attempts = flows.reserveAttempt(flowId).orElseThrow(() -> QuarkusTransaction.requiringNew()
                .call(() -> flows.whyNotOpen(flowId)));
        String wrong = gate == null ? "wrong-code" : gate.check(flow, code);
        if (wrong != null) {
            audit.failed(flow.tenantId(), AuditType.RECOVERY_VERIFY, Actor.ANONYMOUS, flow.userId(), wrong);
            metrics.counter("identity.recovery.verifications", "outcome", wrong).increment();
            throw flows.wrongCode(flowId, attempts, () -> audit.record(new AuditLog.Entry(flow.tenantId(),
                    AuditType.RECOVERY_LOCKED, Actor.SYSTEM, flow.userId(), AuditLog.Outcome.SUCCESS,
                    "too-many-wrong-codes")));
        }
        Verified verified = QuarkusTransaction.requiringNew().call(() -> passGate(flow, method));
        metrics.counter("identity.recovery.verifications", "outcome", "success").increment();
        return verified;
    }

    /** Consumes the gate's code in one conditional update, then answers a token or the next gate. */
    private Verified passGate(RecoveryFlow flow, String method) {
        RecoveryFlow passed = flows.pass(flow.id(), method).orElseThrow(() -> ProblemException.of(
                ProblemType.FLOW_EXPIRED, "This code was already used; start again."));
        audit.record(new AuditLog.Entry(flow.tenantId(), AuditType.RECOVERY_VERIFY, Actor.ANONYMOUS, flow.userId(),
                AuditLog.Outcome.SUCCESS, method));
        if (passed.passedMethods().size() < passed.needCount()) {
            return Verified.more(passed.missing());
        }
        String token = codes.newToken();
        Instant expiresAt = Instant.now().plus(RESET_LIFETIME);
        flows.verified(flow.id(), codes.hash(TOKEN_PURPOSE, flow.id(), token), expiresAt);
        return Verified.token(token, expiresAt);
    }

    // ---- reset -----------------------------------------------------------------------------------------

    /**
     * Claims the token (one transaction: the flow, its user and their tenant read and locked, then the claim),
     * checks the new password against the policy, hashes it, and stores it in the transaction that consumes the
     * token. Whatever refuses it after the claim lets the token go, so that it still works.
     */
    public void reset(UUID flowId, String resetToken, String newPassword) {
        RecoveryFlows.ResetRead claimed = QuarkusTransaction.requiringNew().call(() -> claim(flowId, resetToken));
        CredentialService.Holder holder = claimed.holder();
        Actor actor = Actor.user(holder.userId(), holder.tenantId());
        try {
            request.actFor(holder.userId(), holder.tenantId());
            limits.admitCredentialCheck(holder.tenantId(), actor, holder.userId());
            CredentialService.CheckedPassword checked = credentials.checkPolicy(holder, newPassword, "newPassword",
                    ChangeKind.SELF_SERVICE_RESET, actor);
            credentials.replacePassword(holder, checked, false, ChangeKind.SELF_SERVICE_RESET,
                    actor, () -> {
                        // Consumed in the transaction that stores the password; if it cannot be, nothing is stored.
                        if (!flows.complete(flowId, claimed.tokenHash())) {
                            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The reset token was already used.");
                        }
                    });
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> flows.release(flowId));
            throw e;
        }
        metrics.counter("identity.password.resets", "kind", "self-service").increment();
    }

    /** Only one reset at a time may hold a token; the others are refused before they hash anything. */
    private RecoveryFlows.ResetRead claim(UUID flowId, String resetToken) {
        Instant now = Instant.now();
        RecoveryFlows.ResetRead flow = flows.lockForReset(flowId)
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No such recovery flow."));
        if (flow.state() != FlowState.VERIFIED) {
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
        flows.claim(flowId, now.plus(RESET_CLAIM));
        return flow;
    }
}
