package dev.identity.userimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.identity.IdentityConfig;
import dev.identity.audit.AuditLog;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.platform.ByteSizes;
import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import dev.identity.session.Caller;
import dev.identity.session.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Users brought in with the password hashes they already have ({@code POST .../users/import}): an NDJSON stream read
 * line by line with bounded memory, written in batches (one statement inserts a batch's users, one records an audit
 * event for each user it created, in one transaction), answered with one NDJSON line per input line as each batch
 * commits, then a summary. A line that fails is reported and the rest go on; a line is written whole or not at all.
 */
@ApplicationScoped
public class UserImport {

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

    /** Who imports into which tenant, checked before the first line is read. */
    public record Start(Tenant tenant, Principal principal, OnConflict onConflict, String clientAddress) {
    }

    private final TenantRepository tenants;
    private final Caller caller;
    private final AuditLog audit;
    private final ImportLineReader reader;
    private final ImportedUsers users;
    private final ObjectWriter answers;
    private final long maxBody;
    private final int batchSize;

    UserImport(TenantRepository tenants, Caller caller, AuditLog audit, ImportLineReader reader, ImportedUsers users,
            ObjectMapper mapper, IdentityConfig config) {
        this.tenants = tenants;
        this.caller = caller;
        this.audit = audit;
        this.reader = reader;
        this.users = users;
        this.answers = mapper.writer();
        this.maxBody = config.userImport().maxBodySize().asLongValue();
        this.batchSize = config.userImport().batchSize();
    }

    /** The operator, or a GLOBAL_ADMIN of the tenant; refused before any line is read. */
    @Transactional
    public Start start(String domain, OnConflict onConflict) {
        caller.require();
        Tenant tenant = tenants.requireByDomain(domain);
        Principal principal = caller.requireGlobalAdminOf(tenant.id);
        return new Start(tenant, principal, onConflict, audit.currentClientAddress());
    }

    /** Reads the lines, writes the users batch by batch, and answers a line for each as its batch commits. */
    public void run(Start start, InputStream body, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        ImportLines input = new ImportLines(body, MAX_LINE, maxBody);
        Counts counts = new Counts();
        List<ImportedLine> batch = new ArrayList<>();
        String stopped = null;
        ProblemType stoppedAs = null;
        try {
            try {
                int writes = 0;
                for (ImportLines.Line line; (line = input.next()) != null; ) {
                    ImportedLine pending = reader.read(start, line);
                    batch.add(pending);
                    if ((pending.writes() && ++writes >= batchSize) || batch.size() >= 4 * batchSize) {
                        flush(start, batch, counts, writer);
                        writes = 0;
                    }
                }
                flush(start, batch, counts, writer);
                if (input.overLimit()) {
                    stoppedAs = ProblemType.PAYLOAD_TOO_LARGE;
                    stopped = "The body is over the import's limit of " + ByteSizes.describe(maxBody)
                            + ": the lines after it were not read.";
                }
            } catch (ImportedUsers.NoLongerAllowed e) {
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
            users.recordImport(start, counts.lines, counts.created, counts.skipped, counts.failed, stopped);
        }
    }

    private static final class Counts {
        int lines;
        int created;
        int skipped;
        int failed;
    }

    /** Writes the batch's users in one transaction and answers each of its lines, in their order. */
    private void flush(Start start, List<ImportedLine> batch, Counts counts, Writer writer) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<ImportedLine> rows = batch.stream().filter(ImportedLine::writes).toList();
        Set<UUID> created;
        try {
            created = rows.isEmpty() ? Set.of() : users.write(start, rows);
        } catch (ImportedUsers.NoLongerAllowed e) {
            for (ImportedLine pending : batch) {
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
        for (ImportedLine pending : batch) {
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

    private void answer(Writer writer, Map<String, Object> answer) throws IOException {
        writer.write(answers.writeValueAsString(answer));
        writer.write('\n');
    }

}
