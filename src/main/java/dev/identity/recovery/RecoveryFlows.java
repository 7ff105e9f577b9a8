package dev.identity.recovery;

import dev.identity.credential.CodeAttempts;
import dev.identity.credential.CredentialService;
import dev.identity.directory.TenantDirectory;
import dev.identity.platform.Jdbc;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import dev.identity.ratelimit.SignInFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The table of recovery flows, {@code recovery_flow}: every statement recovery runs on it, in plain SQL
 * ({@link Jdbc}), since start and verify are public endpoints anyone can call in a loop. The states are
 * {@link FlowState}'s; the callers choose the transactions.
 */
@ApplicationScoped
class RecoveryFlows {

    /** Looked up in the place of a user who does not exist, so that both paths run the same queries. */
    private static final UUID NOBODY = new UUID(0, 0);
    /** Wrong codes are counted on the flow and lock it. */
    private static final CodeAttempts.Counter ATTEMPTS = new CodeAttempts.Counter("recovery_flow", "id", "id",
            ", finished_at = now()");
    private static final String FLOW_COLUMNS = """
            id, tenant_id, user_id, state, required_methods, passed_methods, need_count, email_code_hash,
            email_code_expires, attempts""";

    /** A user as recovery-start sees them; {@code admin} when they hold any role. */
    record Candidate(UUID id, String userName, String displayName, String email, boolean emailVerified,
            boolean enabled, String locale, boolean admin, boolean authenticator) {
    }

    /**
     * What a start reads: the tenant as it is now, the user asked for when there is one, and whether the client's
     * address is familiar to the account.
     */
    record StartRead(TenantDirectory.Settings tenant, Optional<Candidate> user, boolean familiar) {
    }

    /** A new flow, as a start writes it. */
    record NewFlow(UUID id, UUID tenantId, UUID userId, byte[] accountKey, byte[] addressKey, List<String> required,
            int needCount, byte[] codeHash, Instant codeExpires, Instant createdAt, Instant expiresAt) {
    }

    /**
     * A flow as reset reads it: its state and token, and whose password it lets reset (the holder's user id is null
     * when the flow was for nobody).
     */
    record ResetRead(FlowState state, byte[] tokenHash, Instant tokenExpiresAt, Instant claimedUntil,
            boolean enabled, CredentialService.Holder holder) {
    }

    private final Jdbc jdbc;
    private final CodeAttempts attempts;

    RecoveryFlows(Jdbc jdbc, CodeAttempts attempts) {
        this.jdbc = jdbc;
        this.attempts = attempts;
    }

    // ---- start -----------------------------------------------------------------------------------------

    /** The tenant, the user of {@code keys} (the same query when there is none) and the address's familiarity. */
    StartRead readForStart(UUID tenantId, SignInFailures.Keys keys) {
        return jdbc.first("""
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
    }

    /**
     * A start's writes, for the caller's one combined statement with its mail and audit: the open flows of the
     * account started from the same address superseded ({@code supersede}: a silent start supersedes nothing, so
     * this address's flows keep the codes that did go out), then the new flow.
     */
    List<Jdbc.Statement> starting(NewFlow flow, boolean supersede) {
        return List.of(Jdbc.Statement.of("""
                update recovery_flow set state = 'superseded', finished_at = ?
                where account_key = ? and address_key = ? and state in ('pending', 'verified') and ?""",
                flow.createdAt(), flow.accountKey(), flow.addressKey(), supersede),
                Jdbc.Statement.of("""
                        insert into recovery_flow (id, tenant_id, user_id, account_key, address_key, state,
                            required_methods, passed_methods, need_count, email_code_hash, email_code_expires,
                            attempts, created_at, expires_at)
                        values (?, ?, ?, ?, ?, 'pending', ?, '{}', ?, ?, ?, 0, ?, ?)""", flow.id(), flow.tenantId(),
                        flow.userId(), flow.accountKey(), flow.addressKey(), flow.required().toArray(String[]::new),
                        flow.needCount(), flow.codeHash(), flow.codeExpires(), flow.createdAt(), flow.expiresAt()));
    }

    // ---- verify ----------------------------------------------------------------------------------------

    Optional<RecoveryFlow> find(UUID id) {
        return jdbc.first("select " + FLOW_COLUMNS + " from recovery_flow where id = ?", RecoveryFlows::flow, id);
    }

    /** Counts an attempt before any comparison (committed at once); empty when the flow takes no more. */
    Optional<Integer> reserveAttempt(UUID id) {
        return attempts.reserve(ATTEMPTS, id, "attempts", row -> row.getInt(1));
    }

    /** The answer to a wrong code; the last one locks the flow, and {@code onLocked} runs if this one did. */
    ProblemException wrongCode(UUID id, int attemptsSoFar, Runnable onLocked) {
        return attempts.wrong(ATTEMPTS, id, attemptsSoFar, "The code is wrong; this recovery is now locked.",
                onLocked);
    }

    /** Why a flow takes no attempt: locked by wrong codes, or over. */
    ProblemException whyNotOpen(UUID id) {
        Optional<RecoveryFlow> flow = find(id);
        if (flow.isPresent() && CodeAttempts.lockedOut(flow.get().state().sql(), flow.get().attempts())) {
            return ProblemException.of(ProblemType.FLOW_LOCKED, "Too many wrong codes; start again later.");
        }
        return ProblemException.of(ProblemType.FLOW_EXPIRED,
                "This recovery is over (expired, used or replaced by a newer one); start again.");
    }

    /**
     * Marks a gate passed in one conditional update, consuming its code (the emailed one works once and only
     * within its lifetime) and giving back the attempt it took: the flow as it is then, or empty when the code was
     * already used or the flow is over.
     */
    Optional<RecoveryFlow> pass(UUID id, String method) {
        return jdbc.first("""
                with passed as (
                    update recovery_flow
                    set email_code_used_at = case when ? = 'email' then now() else email_code_used_at end,
                        attempts = attempts - 1,
                        passed_methods = array_append(passed_methods, ?)
                    where id = ? and state = 'pending' and expires_at > now() and not (? = any (passed_methods))
                      and (? <> 'email' or (email_code_used_at is null and email_code_expires > now()))
                    returning\s""" + FLOW_COLUMNS + """
                ) select * from passed""", RecoveryFlows::flow, method, method, id, method, method);
    }

    /** Every gate passed: the flow becomes verified, with the hash of its reset token. */
    void verified(UUID id, byte[] tokenHash, Instant expiresAt) {
        jdbc.update(Jdbc.Statement.of("""
                update recovery_flow set state = 'verified', reset_token_hash = ?, reset_expires_at = ? where id = ?""",
                tokenHash, expiresAt, id));
    }

    private static RecoveryFlow flow(ResultSet row) throws SQLException {
        return new RecoveryFlow(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                row.getObject(3, UUID.class), FlowState.of(row.getString(4)),
                List.of((String[]) row.getArray(5).getArray()), List.of((String[]) row.getArray(6).getArray()),
                row.getInt(7), row.getBytes(8), Jdbc.instant(row, 9), row.getInt(10));
    }

    // ---- reset -----------------------------------------------------------------------------------------

    /** Reads the flow locked, with its user and their tenant's names in the same query. */
    Optional<ResetRead> lockForReset(UUID id) {
        return jdbc.first("""
                select f.tenant_id, f.user_id, f.state, f.reset_token_hash, f.reset_expires_at, f.reset_claimed_until,
                    coalesce(u.enabled, false), u.user_name, u.display_name, u.password_hash, t.domain, t.display_name
                from recovery_flow f left join app_user u on u.id = f.user_id left join tenant t on t.id = u.tenant_id
                where f.id = ? for update of f""", row -> new ResetRead(FlowState.of(row.getString(3)),
                        row.getBytes(4), Jdbc.instant(row, 5), Jdbc.instant(row, 6), row.getBoolean(7),
                        new CredentialService.Holder(row.getObject(2, UUID.class), row.getObject(1, UUID.class),
                                row.getString(8), row.getString(9), row.getString(10), row.getString(11),
                                row.getString(12))), id);
    }

    /** Holds the token for one reset until {@code until}; the others are refused before they hash anything. */
    void claim(UUID id, Instant until) {
        jdbc.update(Jdbc.Statement.of("update recovery_flow set reset_claimed_until = ? where id = ?", until, id));
    }

    /** Lets the token go, so that it still works after a reset that was refused. */
    void release(UUID id) {
        jdbc.update(Jdbc.Statement.of("""
                update recovery_flow set reset_claimed_until = null where id = ? and state = 'verified'""", id));
    }

    /** Consumes the token: the flow is completed. False when it was already used. */
    boolean complete(UUID id, byte[] tokenHash) {
        return jdbc.update(Jdbc.Statement.of("""
                update recovery_flow set state = 'completed', finished_at = now(), reset_token_hash = null,
                    reset_claimed_until = null
                where id = ? and state = 'verified' and reset_token_hash = ?""", id, tokenHash)) == 1;
    }
}
