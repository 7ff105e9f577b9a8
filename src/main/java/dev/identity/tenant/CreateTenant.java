package dev.identity.tenant;

import dev.identity.directory.Formats;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new tenant, as the operator creates it. */
@Schema(name = "CreateTenant")
public record CreateTenant(
        @NotBlank @Pattern(regexp = Formats.DOMAIN, message = "must be a domain name")
        @Schema(example = "contoso.example") String domain,
        @NotBlank @Size(max = 256) @Pattern(regexp = Formats.NO_CONTROL) @Schema(example = "Contoso")
        String displayName,
        @NotNull TenantKind kind,
        @Schema(description = "Whether users may reset their own password (default true)") Boolean selfServiceReset,
        @Size(max = 256) @Pattern(regexp = Formats.NO_CONTROL) @Schema(example = "helpdesk@contoso.example")
        String supportContact) {
}
