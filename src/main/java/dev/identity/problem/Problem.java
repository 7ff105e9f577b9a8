package dev.identity.problem;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of an RFC 9457 problem details body, as the OpenAPI document describes it. */
@Schema(name = "Problem", description = "RFC 9457 problem details. Some types add members: invalid-code adds "
        + "remainingAttempts, self-service-disabled adds supportContact.")
public record Problem(
        @Schema(required = true, example = "https://identity.example/problems/invalid-request") String type,
        @Schema(required = true, example = "The request is not valid") String title,
        @Schema(required = true, example = "400") int status,
        @Schema(example = "The request has invalid fields.") String detail,
        @Schema(description = "Each broken rule, for invalid-request and password-policy") List<Violation> violations,
        @Schema(description = "Wrong codes still allowed on the flow (invalid-code)") Integer remainingAttempts,
        @Schema(description = "Whom to ask instead (self-service-disabled)") String supportContact) {
}
