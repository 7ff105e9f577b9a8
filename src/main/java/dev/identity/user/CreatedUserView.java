package dev.identity.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.identity.policy.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new user as answered once, with the temporary password when one was generated. */
@Schema(name = "CreatedUser", description = "The new user; temporaryPassword only when none was given",
        requiredProperties = {"id", "tenant", "userName", "displayName", "email", "emailVerified", "roles",
            "enabled", "passwordChangeRequired", "createdAt", "updatedAt"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatedUserView(UUID id, String tenant, String userName, String displayName, String email,
        boolean emailVerified, List<Role> roles, String locale, boolean enabled, boolean passwordChangeRequired,
        Instant createdAt, Instant updatedAt,
        @Schema(description = "Shown once; give it to the user, who must change it at first sign-in")
        String temporaryPassword) {

    static CreatedUserView of(UserView u, String temporaryPassword) {
        return new CreatedUserView(u.id(), u.tenant(), u.userName(), u.displayName(), u.email(),
                u.emailVerified(), u.roles(), u.locale(), u.enabled(), u.passwordChangeRequired(),
                u.createdAt(), u.updatedAt(), temporaryPassword);
    }
}
