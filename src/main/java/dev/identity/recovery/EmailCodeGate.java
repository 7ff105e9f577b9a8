package dev.identity.recovery;

import dev.identity.credential.Codes;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** The code mailed to the recovery email at start: eight digits, kept as an HMAC bound to the flow, 10 minutes. */
@ApplicationScoped
class EmailCodeGate implements RecoveryGate {

    static final String METHOD = "email";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final String CODE_PURPOSE = "recovery-code";

    private final Codes codes;

    EmailCodeGate(Codes codes) {
        this.codes = codes;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public boolean availableTo(RecoveryFlows.Candidate user) {
        return user.emailVerified() && user.email() != null && !user.email().isBlank();
    }

    /** A new code and its hash for the flow. */
    record NewCode(String code, byte[] hash) {
    }

    NewCode newCode(java.util.UUID flowId) {
        String code = codes.newCode();
        return new NewCode(code, codes.hash(CODE_PURPOSE, flowId, code));
    }

    @Override
    public void beforeAttempt(RecoveryFlow flow, Instant now) {
        if (flow.emailCodeExpires() != null && !flow.emailCodeExpires().isAfter(now)
                && flow.state() == FlowState.PENDING) {
            throw ProblemException.of(ProblemType.FLOW_EXPIRED, "The code has expired; start again.");
        }
    }

    @Override
    public String check(RecoveryFlow flow, String code) {
        return codes.matches(CODE_PURPOSE, flow.id(), code, flow.emailCodeHash()) && flow.offers(METHOD)
                ? null : "wrong-code";
    }
}
