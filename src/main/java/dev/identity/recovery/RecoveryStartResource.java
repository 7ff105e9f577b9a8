package dev.identity.recovery;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public recovery-start ("Can't access your account?"). It needs no token. */
@Path("/api/v1/tenants/{tenant}/recovery")
@Tag(name = "recovery")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryStartResource {

    private final RecoveryStart recovery;

    RecoveryStartResource(RecoveryStart recovery) {
        this.recovery = recovery;
    }

    @POST
    @Operation(operationId = "startRecovery", summary = "Start self-service recovery (\"Can't access your account?\")",
            description = """
                    Always 202 with a new flow for a well-formed request: the answer is the same, in shape and in \
                    time, whether or not the user exists, is enabled or has a recovery method. Only when they can \
                    recover, and within the caps on code mails to an account, does a code go to their verified \
                    recovery email; past a cap the answer is the same and nothing is sent. A \
                    new start supersedes the user's older flows started from the same client address only.""")
    @APIResponse(responseCode = "202", description = "Started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RecoveryResource.Started.class),
                    examples = @ExampleObject(name = "started", value = """
                    {"flowId":"5b0a3f4e-8c1d-4f6a-9e2b-7d3c1a0f9e21","expiresAt":"2026-11-22T10:15:00Z"}""")))
    @APIResponse(responseCode = "400", ref = "InvalidRequest")
    @APIResponse(responseCode = "403", ref = "SelfServiceDisabled")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Response start(@PathParam("tenant") String tenant, @Valid @NotNull RecoveryResource.Start body) {
        RecoveryStart.Started started = recovery.start(tenant, body.userName());
        return Response.accepted(new RecoveryResource.Started(started.flowId(), started.expiresAt())).build();
    }
}
