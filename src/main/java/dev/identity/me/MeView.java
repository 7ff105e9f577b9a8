package dev.identity.me;

import dev.identity.policy.Role;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the signed-in user sees of themselves. */
@Schema(name = "Me", requiredProperties = {"id", "tenant", "userName", "displayName", "email", "roles", "locale",
    "passwordChangeRequired"})
public record MeView(UUID id, String tenant, String userName, String displayName, String email, List<Role> roles,
        @Schema(nullable = true) String locale, boolean passwordChangeRequired) {
}
