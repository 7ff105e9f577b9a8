package dev.identity.me;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The signed-in user proves their password again before changing security info. */
@Schema(name = "Reauthenticate")
public record Reauthenticate(@NotBlank @Size(max = 1024) String password) {
}
