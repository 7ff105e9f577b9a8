package dev.identity.userimport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identity.directory.Formats;
import dev.identity.platform.LanguageTag;
import dev.identity.policy.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of an import: the fields of user creation, and the password hash the user had elsewhere. */
@Schema(name = "ImportUser", description = "One line of an import (NDJSON: one JSON object a line)")
public record ImportUser(
        @NotBlank @Size(max = 254)
        @Pattern(regexp = Formats.USER_NAME, message = "must be a sign-in name like name@domain")
        @Schema(example = "bob@contoso.example") String userName,
        @NotBlank @Size(max = 256) @Pattern(regexp = Formats.NO_CONTROL) @Schema(example = "Bob Jones")
        String displayName,
        @NotBlank @Size(max = 254) @Email @Schema(example = "bob@contoso.example") String email,
        @Schema(description = "Whether the email may receive recovery codes (default true)") Boolean emailVerified,
        @Size(max = 5) List<@NotNull Role> roles,
        @LanguageTag @Schema(example = "ja-JP") String locale,
        @Schema(implementation = PasswordHash.class) JsonNode passwordHash,
        @Schema(description = "The user must choose a new password at first sign-in (default false)")
        Boolean passwordChangeRequired) {

    /** What {@code passwordHash} may be (for the OpenAPI document: the line reads it as any JSON value). */
    @Schema(name = "PasswordHash", oneOf = {String.class, KeycloakCredential.class},
            description = "The hash the user's password has elsewhere: an Argon2 or scrypt PHC string, bcrypt ($2a$, "
                    + "$2b$, $2y$), PBKDF2 (passlib's $pbkdf2-sha256$rounds$salt$hash or the PHC form), or a Keycloak "
                    + "credential object {secretData, credentialData}. Verified with its own algorithm at sign-in and "
                    + "then replaced by Argon2id. Without it the user has no password until they recover.",
            example = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")
    public interface PasswordHash {
    }

    /** Keycloak's exported password credential, as {@code kc.sh export} writes it (only for the OpenAPI document). */
    @Schema(name = "KeycloakCredential", description = "A credential of a Keycloak realm export, as it is there")
    public record KeycloakCredential(
            @Schema(description = "JSON text (or that JSON as an object): value and salt, base64",
                    example = "{\"value\":\"AKBEtvdYwNhtzXgIq+MQqjY75hFVeX9BncMB9RreIhE=\",\"salt\":\"gXLUmLsfUQ5qAaiDCQMjlw==\"}")
            String secretData,
            @Schema(description = "JSON text (or that JSON as an object): algorithm (argon2, pbkdf2, pbkdf2-sha256, "
                    + "pbkdf2-sha512), hashIterations, additionalParameters",
                    example = "{\"hashIterations\":600000,\"algorithm\":\"pbkdf2-sha256\"}")
            String credentialData) {
    }
}
