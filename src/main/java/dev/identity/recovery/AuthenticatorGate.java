package dev.identity.recovery;

import dev.identity.securityinfo.AuthenticatorService;
import jakarta.enterprise.context.ApplicationScoped;

/** A code of the user's authenticator app (RFC 6238), each accepted once. */
@ApplicationScoped
class AuthenticatorGate implements RecoveryGate {

    static final String METHOD = "authenticator";

    private final AuthenticatorService authenticators;

    AuthenticatorGate(AuthenticatorService authenticators) {
        this.authenticators = authenticators;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public boolean availableTo(RecoveryFlows.Candidate user) {
        return user.authenticator();
    }

    /** A right code is used up here; not offered, the same statements and work run on a decoy seed. */
    @Override
    public String check(RecoveryFlow flow, String code) {
        return switch (authenticators.use(flow.offers(METHOD) ? flow.userId() : null, code)) {
            case ACCEPTED -> null;
            case REPLAYED -> "replayed-code";
            case WRONG -> "wrong-code";
        };
    }
}
