package dev.identity.account;

import dev.identity.account.AccountViews.MeView;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.CredentialService;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** What signed-in users do for themselves: read their profile, change their password, sign out. */
@ApplicationScoped
public class MeService {

    private final Caller caller;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final CredentialService credentials;
    private final TokenService tokens;
    private final AuditLog audit;

    MeService(Caller caller, UserRepository users, TenantRepository tenants, CredentialService credentials,
            TokenService tokens, AuditLog audit) {
        this.caller = caller;
        this.users = users;
        this.tenants = tenants;
        this.credentials = credentials;
        this.tokens = tokens;
        this.audit = audit;
    }

    public MeView me() {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        return QuarkusTransaction.requiringNew().call(() -> {
            User user = users.findById(me.userId());
            return new MeView(user.id, me.tenantDomain(), user.userName, user.displayName, user.email,
                    user.roleSet().stream().toList(), user.locale, user.passwordChangeRequired);
        });
    }

    /** Changes the caller's password; every token of theirs, this one included, stops working. */
    public void changePassword(String currentPassword, String newPassword) {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        record Loaded(User user, Tenant tenant) {
        }
        Loaded loaded = QuarkusTransaction.requiringNew().call(
                () -> new Loaded(users.findById(me.userId()), tenants.findById(me.tenantId())));
        if (!credentials.matches(currentPassword, loaded.user().passwordHash)) {
            audit.refused(me.tenantId(), AuditType.PASSWORD_CHANGE, me.actor(), me.userId(), "wrong-current-password");
            throw ProblemException.invalid("currentPassword", "wrong-password", "The current password is not correct.");
        }
        credentials.replacePassword(loaded.user(), loaded.tenant(), newPassword, "newPassword", false,
                CredentialService.ChangeKind.OWN_CHANGE, me.actor());
    }

    public void signOut() {
        Principal.SignedIn me = caller.requireSignedInAllowingPasswordChange();
        QuarkusTransaction.requiringNew().run(() -> {
            tokens.revoke(me.sessionId(), Instant.now());
            audit.success(me.tenantId(), AuditType.SIGN_OUT, me.actor(), me.userId());
        });
    }
}
