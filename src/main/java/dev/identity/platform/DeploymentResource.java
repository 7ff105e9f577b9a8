package dev.identity.platform;

import static dev.identity.policy.AccessPolicy.deploymentAllows;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.identity.policy.AccessPolicy.Action;
import dev.identity.policy.Deployment;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the running deployment allows (DESIGN.md section 1), for front ends to show the right ways back in. */
@Path("/api/v1/deployment")
@Tag(name = "deployment")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {

    private final CurrentDeployment deployment;

    DeploymentResource(CurrentDeployment deployment) {
        this.deployment = deployment;
    }

    @Schema(name = "Deployment", requiredProperties = {"deployment", "selfServiceRecovery",
        "selfServiceCanBeTurnedOff", "adminResetOnBehalf", "delegatedReset", "delegatedGlobalAdminCreation",
        "supportContact"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeploymentView(
            @Schema(enumeration = {"global", "21vianet"}) String deployment,
            @Schema(description = "Users may recover on their own (in global, where the tenant has it on)")
            boolean selfServiceRecovery,
            @Schema(description = "Whether a tenant may turn self-service recovery off (not in 21vianet)")
            boolean selfServiceCanBeTurnedOff,
            @Schema(description = "Tenant admins (within the role matrix) and support may reset a password on a "
                    + "user's behalf") boolean adminResetOnBehalf,
            @Schema(description = "An indirect provider may reset passwords through an active relationship")
            boolean delegatedReset,
            @Schema(description = "An indirect provider may create global admins through a relationship that "
                    + "grants GLOBAL_ADMIN") boolean delegatedGlobalAdminCreation,
            @Schema(description = "The deployment's support (IDENTITY_SUPPORT_CONTACT); null when not set",
                    nullable = true) String supportContact) {
    }

    @GET
    @Operation(operationId = "getDeployment", summary = "What this deployment allows",
            description = "Public. Each tenant's own support contact is on the tenant and in self-service-disabled.")
    @APIResponse(responseCode = "200", description = "The deployment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentView.class), examples = {
            @ExampleObject(name = "global", value = """
                    {"deployment":"global","selfServiceRecovery":true,"selfServiceCanBeTurnedOff":true,\
                    "adminResetOnBehalf":true,"delegatedReset":true,"delegatedGlobalAdminCreation":true,\
                    "supportContact":"support@identity.example"}"""),
            @ExampleObject(name = "21vianet", value = """
                    {"deployment":"21vianet","selfServiceRecovery":true,"selfServiceCanBeTurnedOff":false,\
                    "adminResetOnBehalf":false,"delegatedReset":false,"delegatedGlobalAdminCreation":false,\
                    "supportContact":"support@partner.example.cn"}""")}))
    @APIResponse(responseCode = "406", ref = "NotAcceptable")
    public DeploymentView get() {
        Deployment d = deployment.get();
        return new DeploymentView(d.slug(), deploymentAllows(d, Action.SELF_SERVICE_RESET),
                deploymentAllows(d, Action.TURN_OFF_SELF_SERVICE), deploymentAllows(d, Action.ON_BEHALF_RESET),
                deploymentAllows(d, Action.DELEGATED_RESET), deploymentAllows(d, Action.DELEGATED_GLOBAL_ADMIN_CREATION),
                deployment.supportContact().orElse(null));
    }
}
