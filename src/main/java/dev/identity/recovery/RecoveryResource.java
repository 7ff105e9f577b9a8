package dev.identity.recovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
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
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public self-service recovery after the start: verify and reset. Neither needs a token. */
@Path("/api/v1/recovery/{flowId}")
@Tag(name = "recovery")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {

    private final RecoveryService recovery;

    RecoveryResource(RecoveryService recovery) {
        this.recovery = recovery;
    }

    @Schema(name = "RecoveryStart")
    public record Start(
            @NotBlank @Size(max = 254) @Pattern(regexp = "^[^\\x00-\\x1F\\x7F]*$") @Schema(example = "bob@contoso.example")
            String userName) {
    }

    @Schema(name = "RecoveryStarted", requiredProperties = {"flowId", "expiresAt"})
    public record Started(UUID flowId, @Schema(description = "When the flow ends (15 minutes)") Instant expiresAt) {
    }

    /** The gates of recovery. */
    public enum Method {
        email, authenticator
    }

    @Schema(name = "RecoveryVerify")
    public record Verify(@NotNull Method method,
            @NotBlank @Size(max = 16) @Pattern(regexp = "^[0-9]{6,8}$", message = "must be the digits of the code")
            @Schema(example = "48213907") String code) {
    }

    @Schema(name = "RecoveryVerified", description = "Either a reset token, or the method still to pass",
            requiredProperties = "status")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verified(
            @Schema(enumeration = {"verified", "more-verification-required"}) String status,
            @Schema(description = "Single use, 10 minutes; present when status is verified") String resetToken,
            Instant expiresAt,
            @Schema(description = "The method still to pass; present when status is more-verification-required")
            String method) {
    }

    @Schema(name = "RecoveryReset")
    public record Reset(@NotBlank @Size(max = 128) String resetToken,
            @NotNull @Size(max = 1024) @Schema(example = "Lantern-Meadow-Cobalt-91") String newPassword) {
    }

    @POST
    @Path("/verify")
    @Operation(operationId = "verifyRecovery", summary = "Pass a gate of recovery with a code",
            description = """
                    Plain users pass one gate (the emailed code, or an authenticator code); users with an admin \
                    role pass both, in either order, the first answering more-verification-required with the \
                    other method. Every try counts before the code is compared; the fifth wrong code locks the \
                    flow. An authenticator code (RFC 6238, one 30-second step of drift) is accepted once: the \
                    same code again is invalid-code. A gate already passed is 409.""")
    @APIResponse(responseCode = "200", description = "Gate passed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Verified.class), examples = {
                    @ExampleObject(name = "verified", value = """
                            {"status":"verified","resetToken":"Yk3xv0T8c1n9V7mQ2pL6rB4zW5sA0dF8gH1jK3lN","expiresAt":"2026-11-22T10:12:00Z"}"""),
                    @ExampleObject(name = "more-verification-required", value = """
                            {"status":"more-verification-required","method":"authenticator"}""")}))
    @APIResponse(responseCode = "400", ref = "InvalidCode")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "410", ref = "FlowExpired")
    @APIResponse(responseCode = "423", ref = "FlowLocked")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Verified verify(@PathParam("flowId") UUID flowId, @Valid @NotNull Verify body) {
        RecoveryService.Verified verified = recovery.verify(flowId, body.method().name(), body.code());
        return new Verified(verified.status(), verified.resetToken(), verified.expiresAt(), verified.method());
    }

    @POST
    @Path("/reset")
    @Operation(operationId = "resetRecoveredPassword", summary = "Set a new password with the reset token",
            description = """
                    The password policy applies. On success every session of the user is revoked, the flow is \
                    consumed, and the user is mailed; for a user with an admin role the tenant's other global \
                    admins are mailed too. The token works once, even under concurrent requests.""")
    @APIResponse(responseCode = "204", description = "The password was changed")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "410", ref = "FlowExpired")
    @APIResponse(responseCode = "422", ref = "PasswordPolicy")
    @APIResponse(responseCode = "503", ref = "ServiceBusy")
    public void reset(@PathParam("flowId") UUID flowId, @Valid @NotNull Reset body) {
        recovery.reset(flowId, body.resetToken(), body.newPassword());
    }
}
