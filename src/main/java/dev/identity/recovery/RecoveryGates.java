package dev.identity.recovery;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The recovery methods there are, in the order a flow offers them. */
@ApplicationScoped
class RecoveryGates {

    private final List<RecoveryGate> all;

    RecoveryGates(EmailCodeGate email, AuthenticatorGate authenticator) {
        this.all = List.of(email, authenticator);
    }

    /** The methods a user can pass. */
    List<String> availableTo(RecoveryFlows.Candidate user) {
        return all.stream().filter(g -> g.availableTo(user)).map(RecoveryGate::method).toList();
    }

    Optional<RecoveryGate> of(String method) {
        return all.stream().filter(g -> g.method().equals(method)).findFirst();
    }
}
