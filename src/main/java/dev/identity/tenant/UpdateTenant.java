package dev.identity.tenant;

import dev.identity.directory.Formats;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A change to a tenant: only the fields given change. */
@Schema(name = "UpdateTenant")
public record UpdateTenant(
        @Size(min = 1, max = 256) @Pattern(regexp = Formats.NO_CONTROL) String displayName,
        Boolean selfServiceReset,
        @Size(max = 256) @Pattern(regexp = Formats.NO_CONTROL) String supportContact) {
}
