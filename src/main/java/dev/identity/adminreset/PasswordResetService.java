package dev.identity.adminreset;

import dev.identity.audit.AuditType;
import dev.identity.credential.ChangeKind;
import dev.identity.policy.AccessPolicy.Action;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import dev.identity.session.Requesters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Resets on a user's behalf by an admin of the tenant or the operator (DESIGN.md sections 1 and 2): allowed in
 * {@code global} within the role matrix, refused for everyone in {@code 21vianet}. The user gets a temporary
 * password that must be changed at the next sign-in, loses every session, and is mailed.
 */
@ApplicationScoped
public class PasswordResetService {

    private final Caller caller;
    private final ResetOnBehalf resets;

    PasswordResetService(Caller caller, ResetOnBehalf resets) {
        this.caller = caller;
        this.resets = resets;
    }

    /** Returns the temporary password set: the one given, or a generated one. */
    public String reset(String domain, UUID userId, String temporaryPassword) {
        Principal principal = caller.require();
        boolean support = principal instanceof Principal.Operator;
        return resets.reset(principal, domain, userId, temporaryPassword, tenant -> new ResetOnBehalf.Kind(
                Action.ON_BEHALF_RESET, AuditType.ON_BEHALF_RESET,
                support ? ChangeKind.SUPPORT_RESET : ChangeKind.ADMIN_RESET, support ? "support" : "admin",
                locked -> Requesters.of(principal, tenant.id, userId), target -> {
                }));
    }
}
