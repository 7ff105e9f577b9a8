package dev.identity.account;

import dev.identity.account.AccountRequests.ChangePassword;
import dev.identity.account.AccountViews.MeView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's own account. Profile, password and sign-out work with a temporary-password token too. */
@Path("/api/v1/me")
@Tag(name = "me")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final MeService me;
    private final SecurityInfoService securityInfo;

    MeResource(MeService me, SecurityInfoService securityInfo) {
        this.me = me;
        this.securityInfo = securityInfo;
    }

    @Schema(name = "ChangeRecoveryEmail")
    public record ChangeEmail(@NotBlank @Size(max = 254) @Email @Schema(example = "bob.jones@mail.example")
            String email) {
    }

    @Schema(name = "VerificationCode")
    public record Code(@NotBlank @Pattern(regexp = "^[0-9]{6,8}$", message = "must be the digits of the code")
            @Schema(example = "48213907") String code) {
    }

    @GET
    @Path("/security-info")
    @Operation(operationId = "getSecurityInfo", summary = "The signed-in user's recovery methods")
    @APIResponse(responseCode = "200", description = "The recovery methods",
            content = @Content(examples = @ExampleObject(name = "security-info", value = """
                    {"email":{"address":"bob@contoso.example","verified":true},"authenticator":{"registered":false}}""")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public SecurityInfoService.SecurityInfo securityInfo() {
        return securityInfo.get();
    }

    @PUT
    @Path("/security-info/email")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeRecoveryEmail", summary = "Ask to change the recovery email",
            description = """
                    A code goes to the new address; the address in use does not change until the code is entered                     at /security-info/email/verify. At most five requests an hour.""")
    @APIResponse(responseCode = "202", description = "A code was sent to the new address")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Response changeEmail(@Valid @NotNull ChangeEmail body) {
        securityInfo.requestEmailChange(body.email());
        return Response.accepted().build();
    }

    @POST
    @Path("/security-info/email/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyRecoveryEmail", summary = "Confirm the new recovery email with its code",
            description = "The new address becomes the verified recovery email; the old address is told.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", ref = "InvalidCode")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "410", ref = "FlowExpired")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "423", ref = "FlowLocked")
    public void verifyEmail(@Valid @NotNull Code body) {
        securityInfo.verifyEmailChange(body.code());
    }

    @GET
    @Operation(operationId = "getMe", summary = "The signed-in user")
    @APIResponse(responseCode = "200", description = "The signed-in user")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public MeView get() {
        return me.me();
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeMyPassword", summary = "Change the signed-in user's password",
            description = "Every token of the user stops working, this one included: sign in again.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "PasswordPolicy")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public void changePassword(@Valid @NotNull ChangePassword body) {
        me.changePassword(body.currentPassword(), body.newPassword());
    }

    @POST
    @Path("/sign-out")
    @Operation(operationId = "signOut", summary = "Sign out: this token stops working")
    @APIResponse(responseCode = "204", description = "Signed out")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    public void signOut() {
        me.signOut();
    }
}
