package dev.identity.me;

import dev.identity.securityinfo.AuthenticatorService;
import dev.identity.securityinfo.SecurityInfoService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
    private final AuthenticatorService authenticator;

    MeResource(MeService me, SecurityInfoService securityInfo, AuthenticatorService authenticator) {
        this.me = me;
        this.securityInfo = securityInfo;
        this.authenticator = authenticator;
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
    @Operation(operationId = "getSecurityInfo", summary = "The signed-in user's recovery methods",
            description = "Whether a recovery email is on file and verified, and whether an authenticator is "
                    + "registered; the address is shown, the authenticator's secret never is.")
    @APIResponse(responseCode = "200", description = "The recovery methods",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SecurityInfoService.SecurityInfo.class),
                    examples = @ExampleObject(name = "security-info", value = """
                    {"email":{"address":"bob@contoso.example","verified":true},"authenticator":{"registered":true}}""")))
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public SecurityInfoService.SecurityInfo securityInfo() {
        return securityInfo.get();
    }

    @PUT
    @Path("/security-info/email")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeRecoveryEmail", summary = "Ask to change the recovery email",
            description = """
                    Needs a sign-in or a reauthentication in this session's last 10 minutes (else 403 \
                    reauthentication-required). A code goes to the new address; the address in use does not change \
                    until the code is entered at /security-info/email/verify, which ends the user's other sessions \
                    and tells the old address (and, for an admin, the tenant's other global admins). At most five \
                    requests an hour.""")
    @APIResponse(responseCode = "202", description = "A code was sent to the new address")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "ReauthenticationRequired")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Response changeEmail(@Valid @NotNull ChangeEmail body) {
        securityInfo.requestEmailChange(body.email());
        return Response.accepted().build();
    }

    @POST
    @Path("/security-info/email/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyRecoveryEmail", summary = "Confirm the new recovery email with its code",
            description = "The new address becomes the verified recovery email; the user's other sessions end, and the "
                    + "old address (and, for an admin, the tenant's other global admins) is told.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", ref = "InvalidCode")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void verifyEmail(@Valid @NotNull Code body) {
        securityInfo.verifyEmailChange(body.code());
    }

    @Schema(name = "AuthenticatorRegistration", description = "The seed, shown this once",
            requiredProperties = {"secret", "otpauthUri"})
    public record AuthenticatorRegistration(
            @Schema(description = "The seed in Base32 (RFC 4648, no padding), for typing into the app",
                    example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") String secret,
            @Schema(description = "The key URI for a QR code: SHA-1, 6 digits, 30 seconds",
                    example = "otpauth://totp/Contoso:bob%40contoso.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                            + "&issuer=Contoso&algorithm=SHA1&digits=6&period=30") String otpauthUri) {
    }

    @POST
    @Path("/security-info/authenticator")
    @Operation(operationId = "registerAuthenticator", summary = "Start registering an authenticator app",
            description = """
                    Needs a sign-in or a reauthentication in this session's last 10 minutes (else 403 \
                    reauthentication-required). Answers the seed once; it is stored encrypted and never shown again. The app counts as a \
                    recovery method only after its first code is entered at /security-info/authenticator/verify \
                    (within 15 minutes). A registration not yet confirmed is replaced by a new one; a confirmed \
                    one must be removed first.""")
    @APIResponse(responseCode = "201", description = "Registration started",
            content = @Content(schema = @Schema(implementation = AuthenticatorRegistration.class)))
    @APIResponse(responseCode = "403", ref = "ReauthenticationRequired")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response registerAuthenticator() {
        AuthenticatorService.Registration registration = authenticator.register();
        return Response.created(java.net.URI.create("/api/v1/me/security-info"))
                .entity(new AuthenticatorRegistration(registration.secret(), registration.otpauthUri())).build();
    }

    @POST
    @Path("/security-info/authenticator/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyAuthenticator", summary = "Confirm the authenticator app with its first code",
            description = """
                    The app becomes a recovery method, the user's other sessions end, and the user (and, for an \
                    admin, the tenant's other global admins) is mailed. The code may be from the current \
                    30-second step or one either side, and is then used up. Five wrong codes end the registration.""")
    @APIResponse(responseCode = "204", description = "Confirmed")
    @APIResponse(responseCode = "400", ref = "InvalidCode")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void verifyAuthenticator(@Valid @NotNull Code body) {
        authenticator.confirm(body.code());
    }

    @DELETE
    @Path("/security-info/authenticator")
    @Operation(operationId = "removeAuthenticator", summary = "Remove the authenticator app",
            description = "Needs a sign-in or a reauthentication in this session's last 10 minutes (else 403 "
                    + "reauthentication-required). Its codes stop working at once, the user's other sessions end, and "
                    + "the user (and, for an admin, the tenant's other global admins) is mailed. An admin without it "
                    + "cannot self-recover.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", ref = "ReauthenticationRequired")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void removeAuthenticator() {
        authenticator.remove();
    }

    @GET
    @Operation(operationId = "getMe", summary = "The signed-in user",
            description = "Also answers a token whose user must change a temporary password.")
    @APIResponse(responseCode = "200", description = "The signed-in user")
    public MeView get() {
        return me.me();
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeMyPassword", summary = "Change the signed-in user's password",
            description = """
                    Every token of the user stops working, this one included: sign in again. A wrong current \
                    password is 400 with `remainingAttempts`; the fifth in a row on a session ends that session \
                    (401) and mails the user. Limited per user and per client address (429).""")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "422", ref = "PasswordPolicy")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public void changePassword(@Valid @NotNull ChangePassword body) {
        me.changePassword(body.currentPassword(), body.newPassword());
    }

    @POST
    @Path("/reauthenticate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reauthenticate", summary = "Prove the password again on this session",
            description = """
                    For the next 10 minutes this session may change security info (the recovery email and the \
                    authenticator). A wrong password is 401 unauthorized with `remainingAttempts` and counts as a \
                    failed sign-in of the account from this client address; the fifth wrong password in a row on a \
                    session ends it. Held back like sign-in (429) after too many failures.""")
    @APIResponse(responseCode = "204", description = "Proved: security info may change for 10 minutes")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public void reauthenticate(@Valid @NotNull Reauthenticate body) {
        me.reauthenticate(body.password());
    }

    @POST
    @Path("/sign-out")
    @Operation(operationId = "signOut", summary = "Sign out: this token stops working",
            description = "The user's other tokens keep working. Also answers a token whose user must change a "
                    + "temporary password.")
    @APIResponse(responseCode = "204", description = "Signed out")
    public void signOut() {
        me.signOut();
    }
}
