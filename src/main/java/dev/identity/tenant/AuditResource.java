package dev.identity.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.identity.audit.AuditEvent;
import dev.identity.audit.AuditLog;
import dev.identity.audit.AuditType;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.problem.ProblemException;
import dev.identity.session.Caller;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's audit trail, newest first, for its global admins and the operator. */
@Path("/api/v1/tenants/{tenant}/audit-events")
@Tag(name = "audit")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int DEFAULT_LIMIT = 50;

    private final Caller caller;
    private final TenantRepository tenants;
    private final AuditLog audit;

    AuditResource(Caller caller, TenantRepository tenants, AuditLog audit) {
        this.caller = caller;
        this.tenants = tenants;
        this.audit = audit;
    }

    @Schema(name = "AuditActor", requiredProperties = "kind")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActorView(@Schema(enumeration = {"user", "operator", "anonymous", "system"}) String kind,
            UUID userId, UUID tenantId) {
    }

    @Schema(name = "AuditEvent", description = "Never holds a password, a code or a token",
            requiredProperties = {"id", "occurredAt", "type", "actor", "targetUserId", "clientAddress", "outcome",
                "reason"})
    public record EventView(UUID id, Instant occurredAt, String type, ActorView actor,
            @Schema(nullable = true) UUID targetUserId, @Schema(nullable = true) String clientAddress,
            @Schema(enumeration = {"success", "failure", "refused"}) String outcome,
            @Schema(description = "For a refusal or failure, the rule or reason", nullable = true) String reason) {
    }

    @Schema(name = "AuditEventPage", requiredProperties = {"items", "nextCursor"})
    public record EventPage(List<EventView> items,
            @Schema(description = "Pass as `after` for the next (older) page; null on the last page", nullable = true)
            String nextCursor) {
    }

    @GET
    @Operation(operationId = "listAuditEvents", summary = "The tenant's audit events, newest first",
            description = "For the operator and the tenant's global admins. Events name who acted, on whom, from "
                    + "where and with what outcome; never a password, code or token.")
    @APIResponse(responseCode = "200", description = "A page of events")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @Transactional
    public EventPage list(@PathParam("tenant") String tenant,
            @Parameter(description = "Only events of this type, for example recovery-start")
            @QueryParam("type") @Size(max = 64) String type,
            @Parameter(description = "Page size, 1 to 200 (default 50)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "200")) @QueryParam("limit")
            @Pattern(regexp = "^(200|1[0-9]{2}|[1-9][0-9]?)$", message = "must be a whole number from 1 to 200")
            String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("after") @Size(max = 200)
            String after) {
        if (type != null && Arrays.stream(AuditType.values()).noneMatch(t -> t.slug().equals(type))) {
            throw ProblemException.invalid("type", "unknown-type", "Not an audit event type.");
        }
        Cursor cursor = Cursor.decode(after);
        int size = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        caller.require();
        Tenant found = tenants.requireByDomain(tenant);
        caller.requireGlobalAdminOf(found.id);
        List<AuditEvent> events = audit.newestFirst(found.id, type, cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.id(), size + 1);
        List<EventView> items = events.stream().limit(size).map(AuditResource::view).toList();
        String next = events.size() > size
                ? new Cursor(events.get(size - 1).occurredAt(), events.get(size - 1).id()).encode() : null;
        return new EventPage(items, next);
    }

    private static EventView view(AuditEvent e) {
        return new EventView(e.id(), e.occurredAt(), e.type(), new ActorView(e.actorKind(), e.actorUserId(),
                e.actorTenantId()), e.targetUserId(), e.clientAddress(), e.outcome(), e.reason());
    }

    /** Position after an event: its time and id, base64url. */
    record Cursor(Instant at, UUID id) {
        String encode() {
            String raw = at.getEpochSecond() + "." + at.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
                if (parts.length == 3) {
                    return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                            UUID.fromString(parts[2]));
                }
            } catch (RuntimeException e) {
                // refused below
            }
            throw ProblemException.invalid("after", "invalid-cursor", "The cursor is not one this service gave.");
        }
    }
}
