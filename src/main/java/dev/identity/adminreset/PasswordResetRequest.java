package dev.identity.adminreset;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reset on a user's behalf, with or without a chosen temporary password. */
@Schema(name = "PasswordResetRequest")
public record PasswordResetRequest(
        @Size(max = 1024) @Schema(description = "The temporary password to set; when absent, one of 128 bits "
                + "or more is generated. Checked against the password policy like any other.",
                example = "Harbor-Quartz-Meadow-27") String temporaryPassword) {
}
