package dev.identity.delegation;

import dev.identity.policy.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Delegated-admin relationships of a customer tenant with indirect providers (global deployment only). */
@Path("/api/v1/tenants/{customer}/delegated-admin-relationships")
@Tag(name = "delegated administration")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class RelationshipResource {

    private final DelegationService delegation;

    RelationshipResource(DelegationService delegation) {
        this.delegation = delegation;
    }

    @Schema(name = "CreateRelationship")
    public record CreateRelationship(
            @NotBlank @Size(max = 253) @Schema(example = "fabrikam.example") String providerTenant,
            @NotEmpty @Size(max = 4) @Schema(description = "A subset of GLOBAL_ADMIN, USER_ADMIN, HELPDESK_ADMIN, "
                    + "PASSWORD_ADMIN") List<@NotNull Role> roles,
            @NotNull @Min(1) @Max(730) @Schema(description = "Counted from activation", example = "180")
            Integer durationDays) {
    }

    @Schema(name = "Relationship", requiredProperties = {"id", "providerTenant", "customerTenant", "roles", "status",
        "durationDays", "createdAt", "activatedAt", "expiresAt", "terminatedAt"})
    public record RelationshipView(UUID id, String providerTenant, String customerTenant, List<Role> roles,
            @Schema(enumeration = {"pending", "active", "expired", "terminated"}) String status, int durationDays,
            java.time.Instant createdAt, @Schema(nullable = true) java.time.Instant activatedAt,
            @Schema(description = "Pending: when the request lapses unanswered (90 days); otherwise when the "
                    + "relationship ends (activation plus durationDays)", nullable = true) java.time.Instant expiresAt,
            @Schema(nullable = true) java.time.Instant terminatedAt) {
        static RelationshipView of(DelegationService.View v) {
            return new RelationshipView(v.id(), v.providerTenant(), v.customerTenant(), v.roles(), v.status(),
                    v.durationDays(), v.createdAt(), v.activatedAt(), v.expiresAt(), v.terminatedAt());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createRelationship", summary = "Ask for, or create, a delegated-admin relationship",
            description = """
                    An ADMIN_AGENT of the provider asks: the relationship is pending until a GLOBAL_ADMIN of the \\
                    customer approves it (unanswered, it lapses after 90 days). The operator creates it active. \\
                    Not in the 21vianet deployment (403 delegation-not-available).""")
    @APIResponse(responseCode = "201", description = "Created, pending or active",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RelationshipView.class)))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "DelegationRefused")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response create(@PathParam("customer") String customer, @Valid @NotNull CreateRelationship body) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(body.roles());
        if (roles.contains(Role.ADMIN_AGENT)) {
            throw dev.identity.problem.ProblemException.invalid("roles", "role-not-delegable",
                    "A relationship grants GLOBAL_ADMIN, USER_ADMIN, HELPDESK_ADMIN or PASSWORD_ADMIN.");
        }
        DelegationService.View created = delegation.create(customer, body.providerTenant(), roles, body.durationDays());
        return Response.created(URI.create("/api/v1/tenants/" + created.customerTenant()
                + "/delegated-admin-relationships/" + created.id())).entity(RelationshipView.of(created)).build();
    }

    @GET
    @Operation(operationId = "listRelationships", summary = "The customer's delegated-admin relationships",
            description = "For the customer's GLOBAL_ADMIN and the operator (all), and the provider's ADMIN_AGENT "
                    + "or GLOBAL_ADMIN (their own provider's).")
    @APIResponse(responseCode = "200", description = "Newest first")
    @APIResponse(responseCode = "403", ref = "DelegationRefused")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public List<RelationshipView> list(@PathParam("customer") String customer) {
        return delegation.list(customer).stream().map(RelationshipView::of).toList();
    }

    @POST
    @Path("/{id}/approve")
    @Operation(operationId = "approveRelationship", summary = "Approve a pending relationship",
            description = "A GLOBAL_ADMIN of the customer (or the operator). Its duration counts from now.")
    @APIResponse(responseCode = "200", description = "Active")
    @APIResponse(responseCode = "403", ref = "DelegationRefused")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public RelationshipView approve(@PathParam("customer") String customer, @PathParam("id") UUID id) {
        return RelationshipView.of(delegation.approve(customer, id));
    }

    @POST
    @Path("/{id}/terminate")
    @Operation(operationId = "terminateRelationship", summary = "End a pending or active relationship",
            description = "Either side: a GLOBAL_ADMIN of the customer, an ADMIN_AGENT or GLOBAL_ADMIN of the "
                    + "provider, or the operator.")
    @APIResponse(responseCode = "200", description = "Terminated")
    @APIResponse(responseCode = "403", ref = "DelegationRefused")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public RelationshipView terminate(@PathParam("customer") String customer, @PathParam("id") UUID id) {
        return RelationshipView.of(delegation.terminate(customer, id));
    }
}
