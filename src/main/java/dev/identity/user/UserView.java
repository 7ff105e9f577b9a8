package dev.identity.user;

import dev.identity.directory.User;
import dev.identity.policy.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API shows of a user: never a hash, code or token. */
@Schema(name = "User", requiredProperties = {"id", "tenant", "userName", "displayName", "email", "emailVerified",
        "roles", "locale", "enabled", "passwordChangeRequired", "createdAt", "updatedAt"})
public record UserView(UUID id, @Schema(example = "contoso.example") String tenant,
        @Schema(example = "alice@contoso.example") String userName,
        @Schema(example = "Alice Smith") String displayName,
        @Schema(example = "alice@contoso.example") String email, boolean emailVerified, List<Role> roles,
        @Schema(example = "ja-JP", nullable = true) String locale, boolean enabled, boolean passwordChangeRequired,
        Instant createdAt, Instant updatedAt) {

    public static UserView of(User u, String tenantDomain) {
        return new UserView(u.id, tenantDomain, u.userName, u.displayName, u.email, u.emailVerified,
                u.roleSet().stream().toList(), u.locale, u.enabled, u.passwordChangeRequired, u.createdAt,
                u.updatedAt);
    }
}
