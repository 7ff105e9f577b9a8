package dev.identity.adminreset;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The temporary password a reset set, shown only in this answer. */
@Schema(name = "PasswordResetResult", requiredProperties = {"temporaryPassword", "passwordChangeRequired"})
public record PasswordResetResult(
        @Schema(description = "Give it to the user by a trusted channel; it works once, for choosing a new "
                + "password") String temporaryPassword,
        @Schema(description = "Always true: the user must choose a new password at the next sign-in")
        boolean passwordChangeRequired) {
}
