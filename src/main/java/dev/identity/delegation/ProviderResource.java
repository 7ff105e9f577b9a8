package dev.identity.delegation;

import dev.identity.adminreset.PasswordResetRequest;
import dev.identity.adminreset.PasswordResetResult;
import dev.identity.directory.Formats;
import dev.identity.user.UserView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What an indirect provider's ADMIN_AGENT does in a customer tenant through an active relationship. */
@Path("/api/v1/providers/{provider}/customers/{customer}")
@Tag(name = "delegated administration")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProviderResource {

    private final DelegationService delegation;

    ProviderResource(DelegationService delegation) {
        this.delegation = delegation;
    }

    @Schema(name = "CreateGlobalAdmin")
    public record CreateGlobalAdmin(
            @NotBlank @Size(max = 254) @Pattern(regexp = Formats.USER_NAME,
                    message = "must be a sign-in name like name@domain") @Schema(example = "gail@contoso.example")
            String userName,
            @NotBlank @Size(max = 256) @Pattern(regexp = Formats.NO_CONTROL) @Schema(example = "Gail Admin")
            String displayName,
            @NotBlank @Size(max = 254) @Email @Schema(example = "gail@contoso.example") String email) {
    }

    @Schema(name = "CreatedGlobalAdmin", requiredProperties = {"user", "temporaryPassword"})
    public record CreatedGlobalAdmin(UserView user,
            @Schema(description = "Shown once; the new admin must change it at first sign-in") String temporaryPassword) {
    }

    @POST
    @Path("/users/{userId}/password-reset")
    @Operation(operationId = "delegatedPasswordReset", summary = "Reset a customer user's password as a provider",
            description = """
                    An ADMIN_AGENT of the provider, through an active relationship whose roles may reset this \\
                    target under the role matrix. The user gets a temporary password, loses every session and \\
                    is mailed; the customer's global admins are mailed. Not in 21vianet. The body may be empty.""")
    @APIResponse(responseCode = "200", description = "Reset")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "DelegationRefused")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "PasswordPolicy")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public PasswordResetResult resetPassword(@PathParam("provider") String provider,
            @PathParam("customer") String customer, @PathParam("userId") UUID userId, @Valid PasswordResetRequest body) {
        String password = delegation.resetPassword(provider, customer, userId,
                body == null ? null : body.temporaryPassword());
        return new PasswordResetResult(password, true);
    }

    @POST
    @Path("/global-admins")
    @Operation(operationId = "delegatedGlobalAdminCreation", summary = "Create a global admin in a customer tenant",
            description = """
                    An ADMIN_AGENT of the provider, through an active relationship that grants GLOBAL_ADMIN. The \\
                    new admin gets a generated temporary password; the customer's global admins are mailed. Not \\
                    in 21vianet.""")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreatedGlobalAdmin.class)))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "DelegationRefused")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public Response createGlobalAdmin(@PathParam("provider") String provider, @PathParam("customer") String customer,
            @Valid @NotNull CreateGlobalAdmin body) {
        DelegationService.CreatedAdmin created = delegation.createGlobalAdmin(provider, customer, body.userName(),
                body.displayName(), body.email());
        return Response.created(URI.create("/api/v1/tenants/" + customer + "/users/" + created.user().id()))
                .entity(new CreatedGlobalAdmin(created.user(), created.temporaryPassword())).build();
    }
}
