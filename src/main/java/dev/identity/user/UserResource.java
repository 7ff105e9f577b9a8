package dev.identity.user;

import dev.identity.adminreset.PasswordResetRequest;
import dev.identity.adminreset.PasswordResetResult;
import dev.identity.adminreset.PasswordResetService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Users of a tenant, for the operator and the tenant's admins under the role matrix. */
@Path("/api/v1/tenants/{tenant}/users")
@Tag(name = "users")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final PasswordResetService resets;

    UserResource(UserService users, PasswordResetService resets) {
        this.users = users;
        this.resets = resets;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Create a user",
            description = "Without a password, a temporary one is generated, returned once, and must be changed "
                    + "at first sign-in. Nobody grants a role stronger than their own.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreatedUserView.class)))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "PasswordPolicy")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull CreateUser body) {
        CreatedUserView user = users.create(tenant, body);
        return Response.created(URI.create("/api/v1/tenants/" + user.tenant() + "/users/" + user.id()))
                .entity(user).build();
    }

    @GET
    @Operation(operationId = "listUsers", summary = "A page of the tenant's users, by user name",
            description = "For the operator and the tenant's admins. Pass nextCursor as after for the next page.")
    @APIResponse(responseCode = "200", description = "A page of users")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public UserPage list(@PathParam("tenant") String tenant,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("after") @Size(max = 1024)
            String after,
            @Parameter(description = "Page size, 1 to 200 (default 50)", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "200")) @QueryParam("limit")
            @Pattern(regexp = "^(200|1[0-9]{2}|[1-9][0-9]?)$", message = "must be a whole number from 1 to 200")
            String limit) {
        return users.list(tenant, after, limit == null ? null : Integer.valueOf(limit));
    }

    @GET
    @Path("/{userId}")
    @Operation(operationId = "getUser", summary = "A user of the tenant",
            description = "For the operator and the tenant's admins; never carries a hash, code or token.")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public UserView get(@PathParam("tenant") String tenant, @PathParam("userId") UUID userId) {
        return users.get(tenant, userId);
    }

    @PATCH
    @Path("/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateUser", summary = "Change a user's name, roles, locale or enabled state",
            description = "Disabling revokes every token of the user. The last enabled global admin cannot be "
                    + "demoted or disabled (409).")
    @APIResponse(responseCode = "200", description = "The changed user")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public UserView update(@PathParam("tenant") String tenant, @PathParam("userId") UUID userId,
            @Valid @NotNull UpdateUser body) {
        return users.update(tenant, userId, body);
    }


    @POST
    @Path("/{userId}/password-reset")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "resetPasswordOnBehalf", summary = "Reset a user's password on their behalf",
            description = """
                    For the tenant's admins within the role matrix (a target is protected by its strongest role) \
                    and for the operator (support), in the global deployment only: in 21vianet every caller gets \
                    403 on-behalf-reset-blocked. Nobody resets their own password here. The user's sessions are \
                    revoked, they must change the temporary password at the next sign-in, and they are mailed; \
                    for an admin target the tenant's other global admins are mailed too. The body may be empty.""")
    @APIResponse(responseCode = "200", description = "Reset")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "OnBehalfRefused")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "PasswordPolicy")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public PasswordResetResult resetPassword(@PathParam("tenant") String tenant, @PathParam("userId") UUID userId,
            @Valid PasswordResetRequest body) {
        return new PasswordResetResult(resets.reset(tenant, userId, body == null ? null : body.temporaryPassword()),
                true);
    }
}
