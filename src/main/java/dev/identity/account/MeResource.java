package dev.identity.account;

import dev.identity.account.AccountRequests.ChangePassword;
import dev.identity.account.AccountViews.MeView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's own account. These three work with a temporary-password token too. */
@Path("/api/v1/me")
@Tag(name = "me")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final MeService me;

    MeResource(MeService me) {
        this.me = me;
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
