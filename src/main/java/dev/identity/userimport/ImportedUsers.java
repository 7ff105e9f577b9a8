package dev.identity.userimport;

import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.platform.Jdbc;
import dev.identity.session.Principal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Where an import's users are written: a batch in one transaction of two statements (its users, and an audit
 * event for each one it created), the importer's right decided again in it; and the import's own event.
 */
@ApplicationScoped
class ImportedUsers {

    private static final Logger LOG = Logger.getLogger(ImportedUsers.class);

    private static final String INSERT = """
            insert into app_user (id, tenant_id, user_name, user_name_key, display_name, email, email_verified, roles,
                locale, enabled, password_hash, password_change_required, created_at, updated_at)
            select u.id, ?, u.user_name, u.user_name_key, u.display_name, u.email, u.email_verified,
                string_to_array(u.roles, ','), u.locale, true, u.password_hash, u.change_required, ?, ?
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[],
                ?::text[], ?::boolean[])
                as u(id, user_name, user_name_key, display_name, email, email_verified, roles, locale, password_hash,
                    change_required)
            on conflict do nothing
            returning id""";

    private final AuditLog audit;
    private final Jdbc jdbc;

    ImportedUsers(AuditLog audit, Jdbc jdbc) {
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** Writes the lines' users, skipping those whose user-name key exists; the ids of those it created. */
    Set<UUID> write(UserImport.Start start, List<ImportedLine> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] userNames = new String[n];
        String[] keys = new String[n];
        String[] displayNames = new String[n];
        String[] emails = new String[n];
        Boolean[] verified = new Boolean[n];
        String[] roles = new String[n];
        String[] locales = new String[n];
        String[] hashes = new String[n];
        Boolean[] changeRequired = new Boolean[n];
        for (int i = 0; i < n; i++) {
            ImportedLine p = rows.get(i);
            ids[i] = p.id();
            userNames[i] = p.userName();
            keys[i] = p.key();
            displayNames[i] = p.user().displayName().strip();
            emails[i] = p.user().email().strip();
            verified[i] = p.user().emailVerified() == null || p.user().emailVerified();
            roles[i] = p.roles();
            locales[i] = p.locale();
            hashes[i] = p.hash();
            changeRequired[i] = p.hash() != null && Boolean.TRUE.equals(p.user().passwordChangeRequired());
        }
        Instant now = Instant.now();
        UUID tenantId = start.tenant().id;
        return QuarkusTransaction.requiringNew().call(() -> {
            requireStillGlobalAdmin(start);
            List<UUID> created = jdbc.list(INSERT, row -> row.getObject(1, UUID.class), tenantId, now, now, ids,
                    userNames, keys, displayNames, emails, verified, roles, locales, hashes, changeRequired);
            if (!created.isEmpty()) {
                jdbc.update(audit.recordingEach(new AuditLog.Entry(tenantId, AuditType.USER_IMPORTED,
                        start.principal().actor(), null, AuditLog.Outcome.SUCCESS, null),
                        created.toArray(UUID[]::new), start.clientAddress()));
            }
            return new HashSet<>(created);
        });
    }

    /** The importer stopped being allowed (demoted, disabled, signed out) while the import ran. */
    static final class NoLongerAllowed extends RuntimeException {
        NoLongerAllowed() {
            super("no longer a global admin", null, false, false);
        }
    }

    /**
     * A long import is decided again at each batch, in its transaction: the signed-in importer must still be an
     * enabled GLOBAL_ADMIN with a live session (the user row read FOR SHARE, so a demotion waits for the batch or
     * is seen by it).
     */
    private void requireStillGlobalAdmin(UserImport.Start start) {
        if (!(start.principal() instanceof Principal.SignedIn signedIn)) {
            return;
        }
        boolean allowed = jdbc.first("""
                select u.enabled and 'GLOBAL_ADMIN' = any (u.roles) and s.revoked_at is null and s.expires_at > now()
                    and s.password_epoch = u.password_epoch
                from app_user u join session s on s.user_id = u.id
                where u.id = ? and s.id = ? for share of u""", row -> row.getBoolean(1), signedIn.userId(),
                signedIn.sessionId()).orElse(false);
        if (!allowed) {
            throw new NoLongerAllowed();
        }
    }

    /** Records the import: its counts, and whether it read its body to the end. */
    void recordImport(UserImport.Start start, int lines, int created, int skipped, int failed, String stopped) {
        try {
            String reason = String.format(Locale.ROOT, "lines=%d created=%d skipped=%d failed=%d%s", lines, created,
                    skipped, failed, stopped == null ? "" : " incomplete");
            QuarkusTransaction.requiringNew().run(() -> jdbc.update(audit.recording(new AuditLog.Entry(
                    start.tenant().id, AuditType.USERS_IMPORTED, start.principal().actor(), null,
                    stopped == null ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE, reason),
                    start.clientAddress())));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record the import into %s (%s)", start.tenant().domain, created);
        }
    }
}
