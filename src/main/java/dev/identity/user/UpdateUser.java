package dev.identity.user;

import dev.identity.directory.Formats;
import dev.identity.platform.LanguageTag;
import dev.identity.platform.Locales;
import dev.identity.policy.Role;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A change to a user: only the fields given change. */
@Schema(name = "UpdateUser")
public record UpdateUser(
        @Size(min = 1, max = 256) @Pattern(regexp = Formats.NO_CONTROL) String displayName,
        @Size(max = 5) List<@NotNull Role> roles,
        @LanguageTag @Schema(example = "ja-JP", maxLength = Locales.MAX_TAG_LENGTH, description = Formats.LOCALE_DOC)
        String locale,
        Boolean enabled) {
}
