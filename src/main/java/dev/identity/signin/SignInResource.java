package dev.identity.signin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public sign-in of a tenant's user. */
@Path("/api/v1/tenants/{tenant}/sign-in")
@Tag(name = "sign-in")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignInResource {

    private final SignInService signIn;

    SignInResource(SignInService signIn) {
        this.signIn = signIn;
    }

    @POST
    @Operation(operationId = "signIn", summary = "Sign in with user name and password",
            description = "An unknown user, a disabled user and a wrong password all get the same 401.")
    @APIResponse(responseCode = "200", description = "Signed in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SignInView.class),
                    examples = @ExampleObject(name = "signed-in", value = """
                    {"accessToken":"q8m1T0n3oNvZ8mV6l9zR2cXb7aYp4kWj5eHs3dGf1uI","tokenType":"Bearer","expiresIn":3600,"passwordChangeRequired":false}""")))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public SignInView signIn(@PathParam("tenant") String tenant, @Valid @NotNull SignIn body) {
        SignInService.SignedIn result = signIn.signIn(tenant, body.userName(), body.password());
        return new SignInView(result.token().token(), "Bearer", result.token().expiresInSeconds(),
                result.passwordChangeRequired());
    }
}
