package dev.identity.tenant;

import dev.identity.directory.Tenant;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API shows of a tenant. */
@Schema(name = "Tenant", requiredProperties = {"id", "domain", "displayName", "kind", "selfServiceReset",
        "supportContact", "createdAt", "updatedAt"})
public record TenantView(UUID id, @Schema(example = "contoso.example") String domain,
        @Schema(example = "Contoso") String displayName,
        @Schema(enumeration = {"customer", "indirect-provider"}) String kind, boolean selfServiceReset,
        @Schema(example = "helpdesk@contoso.example", nullable = true) String supportContact, Instant createdAt,
        Instant updatedAt) {

    /** {@code selfServiceReset} is what holds: always on in 21vianet, whatever was stored before. */
    public static TenantView of(Tenant t, boolean selfServiceAlwaysOn) {
        return new TenantView(t.id, t.domain, t.displayName, t.kind, t.selfServiceReset || selfServiceAlwaysOn,
                t.supportContact, t.createdAt, t.updatedAt);
    }
}
