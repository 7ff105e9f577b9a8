package dev.identity.signin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A sign-in with user name and password. */
@Schema(name = "SignIn")
public record SignIn(
        @NotBlank @Size(max = 254) @Schema(example = "alice@contoso.example") String userName,
        @NotBlank @Size(max = 1024) @Schema(example = "Violet-Harbor-Lantern-42") String password) {
}
