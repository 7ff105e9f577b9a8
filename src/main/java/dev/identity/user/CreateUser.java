package dev.identity.user;

import dev.identity.directory.Formats;
import dev.identity.platform.LanguageTag;
import dev.identity.platform.Locales;
import dev.identity.policy.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new user, as an admin or the operator creates them. */
@Schema(name = "CreateUser")
public record CreateUser(
        @NotBlank @Size(max = 254)
        @Pattern(regexp = Formats.USER_NAME, message = "must be a sign-in name like name@domain")
        @Schema(example = "bob@contoso.example") String userName,
        @NotBlank @Size(max = 256) @Pattern(regexp = Formats.NO_CONTROL) @Schema(example = "Bob Jones")
        String displayName,
        @NotBlank @Size(max = 254) @Email @Schema(example = "bob@contoso.example") String email,
        @Size(max = 1024) @Schema(description = "When absent, a temporary password is generated and returned")
        String password,
        @Size(max = 5) List<@NotNull Role> roles,
        @LanguageTag @Schema(example = "ja-JP", maxLength = Locales.MAX_TAG_LENGTH, description = Formats.LOCALE_DOC)
        String locale) {
}
