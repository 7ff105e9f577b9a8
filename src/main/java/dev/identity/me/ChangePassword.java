package dev.identity.me;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The signed-in user changes their own password. */
@Schema(name = "ChangePassword")
public record ChangePassword(
        @NotBlank @Size(max = 1024) String currentPassword,
        @NotBlank @Size(max = 1024) String newPassword) {
}
