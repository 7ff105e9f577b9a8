package dev.identity.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.identity.IdentityConfig;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.credential.ImportedHashes;
import dev.identity.platform.BodyLimit;
import dev.identity.platform.Jdbc;
import dev.identity.platform.LanguageTag;
import dev.identity.platform.Locales;
import dev.identity.policy.Role;
import dev.identity.policy.RoleMatrix;
import dev.identity.policy.UserNames;
import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * Users brought in with the password hashes they already have ({@code POST .../users/import}): an NDJSON stream read
 * line by line with bounded memory, written in batches (one statement inserts a batch's users, one records an audit
 * event for each user it created, in one transaction), answered with one NDJSON line per input line as each batch
 * commits, then a summary. A line that fails is reported and the rest go on; a line is written whole or not at all.
 */
@ApplicationScoped
public class UserImport {

    private static final Logger LOG = Logger.getLogger(UserImport.class);
    /** A line is one user: the API's body limit holds for it. */
    static final int MAX_LINE = 16 * 1024;
    private static final String STOPPED_FORBIDDEN = "The importer is no longer an enabled global admin of the tenant "
            + "with a live session: the import stopped here.";

    /** What a line names that exists already: reported as {@code skipped}, or as a {@code conflict}. */
    public enum OnConflict {
        SKIP, FAIL;

        static OnConflict of(String value) {
            return value == null || value.equalsIgnoreCase("fail") ? FAIL : SKIP;
        }
    }

    /** One line of an import: the fields of user creation, and the password hash the user had elsewhere. */
    @Schema(name = "ImportUser", description = "One line of an import (NDJSON: one JSON object a line)")
    public record ImportUser(
            @NotBlank @Size(max = 254)
            @Pattern(regexp = AccountRequests.USER_NAME, message = "must be a sign-in name like name@domain")
            @Schema(example = "bob@contoso.example") String userName,
            @NotBlank @Size(max = 256) @Pattern(regexp = AccountRequests.NO_CONTROL) @Schema(example = "Bob Jones")
            String displayName,
            @NotBlank @Size(max = 254) @Email @Schema(example = "bob@contoso.example") String email,
            @Schema(description = "Whether the email may receive recovery codes (default true)") Boolean emailVerified,
            @Size(max = 5) List<@NotNull Role> roles,
            @LanguageTag @Schema(example = "ja-JP") String locale,
            @Schema(implementation = PasswordHash.class) JsonNode passwordHash,
            @Schema(description = "The user must choose a new password at first sign-in (default false)")
            Boolean passwordChangeRequired) {
    }

    /** What {@code passwordHash} may be (for the OpenAPI document: the line reads it as any JSON value). */
    @Schema(name = "PasswordHash", oneOf = {String.class, KeycloakCredential.class},
            description = "The hash the user's password has elsewhere: an Argon2 or scrypt PHC string, bcrypt ($2a$, "
                    + "$2b$, $2y$), PBKDF2 (passlib's $pbkdf2-sha256$rounds$salt$hash or the PHC form), or a Keycloak "
                    + "credential object {secretData, credentialData}. Verified with its own algorithm at sign-in and "
                    + "then replaced by Argon2id. Without it the user has no password until they recover.",
            example = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")
    public interface PasswordHash {
    }

    /** Keycloak's exported password credential, as {@code kc.sh export} writes it (only for the OpenAPI document). */
    @Schema(name = "KeycloakCredential", description = "A credential of a Keycloak realm export, as it is there")
    public record KeycloakCredential(
            @Schema(description = "JSON text (or that JSON as an object): value and salt, base64",
                    example = "{\"value\":\"AKBEtvdYwNhtzXgIq+MQqjY75hFVeX9BncMB9RreIhE=\",\"salt\":\"gXLUmLsfUQ5qAaiDCQMjlw==\"}")
            String secretData,
            @Schema(description = "JSON text (or that JSON as an object): algorithm (argon2, pbkdf2, pbkdf2-sha256, "
                    + "pbkdf2-sha512), hashIterations, additionalParameters",
                    example = "{\"hashIterations\":600000,\"algorithm\":\"pbkdf2-sha256\"}")
            String credentialData) {
    }

    /** Who imports into which tenant, checked before the first line is read. */
    public record Start(Tenant tenant, Principal principal, OnConflict onConflict, String clientAddress) {
    }

    /** A line ready to be written, or the answer of one that is not. */
    private record Pending(int line, ImportUser user, UUID id, String userName, String key, String roles,
            String locale, String hash, Map<String, Object> answer) {

        boolean writes() {
            return answer == null;
        }
    }

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

    private final TenantRepository tenants;
    private final Caller caller;
    private final AuditLog audit;
    private final Jdbc jdbc;
    private final Validator validator;
    private final ObjectReader lines;
    private final ObjectWriter answers;
    private final long maxBody;
    private final int batchSize;

    UserImport(TenantRepository tenants, Caller caller, AuditLog audit, Jdbc jdbc, Validator validator,
            ObjectMapper mapper, IdentityConfig config) {
        this.tenants = tenants;
        this.caller = caller;
        this.audit = audit;
        this.jdbc = jdbc;
        this.validator = validator;
        this.lines = mapper.readerFor(ImportUser.class);
        this.answers = mapper.writer();
        this.maxBody = config.userImport().maxBodySize().asLongValue();
        this.batchSize = config.userImport().batchSize();
    }

    /** The operator, or a GLOBAL_ADMIN of the tenant; refused before any line is read. */
    public Start start(String domain, OnConflict onConflict) {
        caller.require();
        Tenant tenant = QuarkusTransaction.requiringNew().call(() -> tenants.requireByDomain(domain));
        Principal principal = caller.requireGlobalAdminOf(tenant.id);
        return new Start(tenant, principal, onConflict, audit.currentClientAddress());
    }

    /** Reads the lines, writes the users batch by batch, and answers a line for each as its batch commits. */
    public void run(Start start, InputStream body, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        ImportLines input = new ImportLines(body, MAX_LINE, maxBody);
        Counts counts = new Counts();
        List<Pending> batch = new ArrayList<>();
        String stopped = null;
        ProblemType stoppedAs = null;
        try {
            try {
                int writes = 0;
                for (ImportLines.Line line; (line = input.next()) != null; ) {
                    Pending pending = read(start, line);
                    batch.add(pending);
                    if ((pending.writes() && ++writes >= batchSize) || batch.size() >= 4 * batchSize) {
                        flush(start, batch, counts, writer);
                        writes = 0;
                    }
                }
                flush(start, batch, counts, writer);
                if (input.overLimit()) {
                    stoppedAs = ProblemType.PAYLOAD_TOO_LARGE;
                    stopped = "The body is over the import's limit of " + BodyLimit.size(maxBody)
                            + ": the lines after it were not read.";
                }
            } catch (NoLongerAllowed e) {
                stoppedAs = ProblemType.FORBIDDEN;
                stopped = STOPPED_FORBIDDEN;
            } catch (IOException e) {
                stoppedAs = ProblemType.INVALID_REQUEST;
                stopped = "The body could not be read to its end.";
                if (ProblemMappers.clientWentAway(e)) {
                    stopped = "The client went away.";
                    throw e;
                }
                // The body could not be read on (the connection's read timeout): what was read before is written.
                flush(start, batch, counts, writer);
            }
            if (stopped != null) {
                answer(writer, Map.of("result", stoppedAs.slug(), "detail", stopped));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("lines", counts.lines);
            summary.put("created", counts.created);
            summary.put("skipped", counts.skipped);
            summary.put("failed", counts.failed);
            summary.put("complete", stopped == null);
            answer(writer, Map.of("summary", summary));
            writer.flush();
        } finally {
            recordImport(start, counts, stopped);
        }
    }

    private static final class Counts {
        int lines;
        int created;
        int skipped;
        int failed;
    }

    private Pending read(Start start, ImportLines.Line line) {
        if (line.problem() != null) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, line.problem() == ImportLines.Problem.TOO_LONG
                    ? "The line is over " + MAX_LINE + " bytes." : "The line is not UTF-8.", "body");
        }
        ImportUser user;
        try {
            user = lines.readValue(line.text());
        } catch (UnrecognizedPropertyException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST,
                    "Unknown field '" + e.getPropertyName() + "'.", e.getPropertyName());
        } catch (InvalidFormatException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST,
                    "The value is not one of the accepted values or formats" + (isRole(e) ? " (roles: "
                            + java.util.Arrays.toString(Role.values()) + ")." : "."), pathOf(e));
        } catch (JsonMappingException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, "A field has the wrong type.", pathOf(e));
        } catch (JsonProcessingException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, "The line is not a JSON object.", "body");
        }
        if (user == null) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, "The line is not a JSON object.", "body");
        }
        Set<ConstraintViolation<ImportUser>> violations = validator.validate(user);
        if (!violations.isEmpty()) {
            ConstraintViolation<ImportUser> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            String field = first.getPropertyPath().toString().replaceAll("\\[\\d+]\\.<.*>$", "");
            return failed(line.number(), user.userName(), ProblemType.INVALID_REQUEST,
                    violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                            .collect(Collectors.joining("; ")) + ".", field);
        }
        Set<Role> roles = user.roles() == null ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(user.roles());
        if (!start.tenant().isIndirectProvider() && roles.stream().anyMatch(RoleMatrix.providerOnlyRoles()::contains)) {
            return failed(line.number(), user.userName(), ProblemType.INVALID_REQUEST,
                    "ADMIN_AGENT exists only in indirect-provider tenants.", "roles");
        }
        if (start.principal() instanceof Principal.SignedIn signedIn && !RoleMatrix.mayGrant(signedIn.roles(), roles)) {
            return failed(line.number(), user.userName(), ProblemType.ROLE_NOT_PERMITTED,
                    "Your role may not grant these roles.", "roles");
        }
        String hash = null;
        if (user.passwordHash() != null && !user.passwordHash().isNull()) {
            try {
                hash = ImportedHashes.toStored(user.passwordHash());
            } catch (ImportedHashes.Refused e) {
                return failed(line.number(), user.userName(), ProblemType.INVALID_REQUEST, e.getMessage(),
                        "passwordHash");
            }
        }
        String userName = user.userName().strip();
        return new Pending(line.number(), user, UUID.randomUUID(), userName, UserNames.key(userName),
                roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                user.locale() == null ? null : Locales.canonical(user.locale()).orElseThrow(), hash, null);
    }

    private static boolean isRole(InvalidFormatException e) {
        return e.getTargetType() == Role.class;
    }

    private static String pathOf(JsonMappingException e) {
        return ProblemMappers.pathOf(e).replaceAll("\\[\\d+]$", ""); // roles[1] is about roles
    }

    private static Pending failed(int line, String userName, ProblemType type, String detail, String field) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("line", line);
        answer.put("result", type.slug());
        if (userName != null) {
            answer.put("userName", userName);
        }
        answer.put("field", field);
        answer.put("detail", detail);
        return new Pending(line, null, null, null, null, null, null, null, answer);
    }

    /** Writes the batch's users in one transaction and answers each of its lines, in their order. */
    private void flush(Start start, List<Pending> batch, Counts counts, Writer writer) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<Pending> rows = batch.stream().filter(Pending::writes).toList();
        Set<UUID> created;
        try {
            created = rows.isEmpty() ? Set.of() : write(start, rows);
        } catch (NoLongerAllowed e) {
            for (Pending pending : batch) {
                counts.lines++;
                counts.failed++;
                Map<String, Object> answer = pending.answer() != null ? pending.answer() : new LinkedHashMap<>();
                if (pending.answer() == null) {
                    answer.put("line", pending.line());
                    answer.put("userName", pending.userName());
                    answer.put("result", ProblemType.FORBIDDEN.slug());
                    answer.put("detail", STOPPED_FORBIDDEN);
                }
                answer(writer, answer);
            }
            batch.clear();
            throw e;
        }
        for (Pending pending : batch) {
            counts.lines++;
            Map<String, Object> answer = pending.answer();
            if (answer == null) {
                answer = new LinkedHashMap<>();
                answer.put("line", pending.line());
                answer.put("userName", pending.userName());
                if (created.contains(pending.id())) {
                    counts.created++;
                    answer.put("result", "created");
                    answer.put("id", pending.id());
                } else if (start.onConflict() == OnConflict.SKIP) {
                    counts.skipped++;
                    answer.put("result", "skipped");
                    answer.put("detail", "A user with this user name exists in the tenant.");
                } else {
                    counts.failed++;
                    answer.put("result", ProblemType.CONFLICT.slug());
                    answer.put("field", "userName");
                    answer.put("detail", "A user with this user name exists in the tenant.");
                }
            } else {
                counts.failed++;
            }
            answer(writer, answer);
        }
        writer.flush(); // the operator watching curl sees each batch as it commits
        batch.clear();
    }

    private Set<UUID> write(Start start, List<Pending> rows) {
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
            Pending p = rows.get(i);
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
    private static final class NoLongerAllowed extends RuntimeException {
        NoLongerAllowed() {
            super("no longer a global admin", null, false, false);
        }
    }

    /**
     * A long import is decided again at each batch, in its transaction: the signed-in importer must still be an
     * enabled GLOBAL_ADMIN with a live session (the user row read FOR SHARE, so a demotion waits for the batch or
     * is seen by it).
     */
    private void requireStillGlobalAdmin(Start start) {
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

    private void answer(Writer writer, Map<String, Object> answer) throws IOException {
        writer.write(answers.writeValueAsString(answer));
        writer.write('\n');
    }

    private void recordImport(Start start, Counts counts, String stopped) {
        try {
            String reason = String.format(Locale.ROOT, "lines=%d created=%d skipped=%d failed=%d%s", counts.lines,
                    counts.created, counts.skipped, counts.failed, stopped == null ? "" : " incomplete");
            QuarkusTransaction.requiringNew().run(() -> jdbc.update(audit.recording(new AuditLog.Entry(
                    start.tenant().id, AuditType.USERS_IMPORTED, start.principal().actor(), null,
                    stopped == null ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE, reason),
                    start.clientAddress())));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record the import into %s (%s)", start.tenant().domain, counts.created);
        }
    }

}
