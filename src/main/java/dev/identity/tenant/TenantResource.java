package dev.identity.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenants: created by the operator, read by their admins, changed by their global admins. */
@Path("/api/v1/tenants")
@Tag(name = "tenants")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantService tenants;

    TenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createTenant", summary = "Create a tenant (operator only)",
            description = "The domain is the tenant's name in every path, matched case-insensitively; a domain in "
                    + "use is 409. In 21vianet self-service reset cannot be turned off.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response create(@Valid @NotNull CreateTenant body) {
        TenantView tenant = tenants.create(body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant.domain())).entity(tenant).build();
    }

    @GET
    @Path("/{tenant}")
    @Operation(operationId = "getTenant", summary = "A tenant (operator or the tenant's admins)",
            description = "Its kind, whether self-service reset is on, and its own support contact.")
    @APIResponse(responseCode = "200", description = "The tenant")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public TenantView get(@PathParam("tenant") String tenant) {
        return tenants.get(tenant);
    }

    @PATCH
    @Path("/{tenant}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateTenant", summary = "Change a tenant (operator or the tenant's global admins)",
            description = "Absent fields stay as they are. Turning self-service reset off is refused in 21vianet.")
    @APIResponse(responseCode = "200", description = "The changed tenant")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public TenantView update(@PathParam("tenant") String tenant, @Valid @NotNull UpdateTenant body) {
        return tenants.update(tenant, body);
    }
}
