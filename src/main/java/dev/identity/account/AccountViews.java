package dev.identity.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.identity.policy.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API shows of tenants and users: never a hash, code or token. */
public final class AccountViews {

    private AccountViews() {
    }

    @Schema(name = "Tenant", requiredProperties = {"id", "domain", "displayName", "kind", "selfServiceReset",
            "supportContact", "createdAt", "updatedAt"})
    public record TenantView(UUID id, @Schema(example = "contoso.example") String domain,
            @Schema(example = "Contoso") String displayName,
            @Schema(enumeration = {"customer", "indirect-provider"}) String kind, boolean selfServiceReset,
            @Schema(example = "helpdesk@contoso.example", nullable = true) String supportContact, Instant createdAt,
            Instant updatedAt) {

        /** {@code selfServiceReset} is what holds: always on in 21vianet, whatever was stored before. */
        static TenantView of(Tenant t, boolean selfServiceAlwaysOn) {
            return new TenantView(t.id, t.domain, t.displayName, t.kind, t.selfServiceReset || selfServiceAlwaysOn,
                    t.supportContact, t.createdAt, t.updatedAt);
        }
    }

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

    @Schema(name = "UserPage", description = "Users ordered by user name; pass nextCursor as `after` for the next page",
            requiredProperties = {"items", "nextCursor"})
    public record UserPage(List<UserView> items, @Schema(nullable = true) String nextCursor) {
    }

    @Schema(name = "Me", requiredProperties = {"id", "tenant", "userName", "displayName", "email", "roles", "locale",
        "passwordChangeRequired"})
    public record MeView(UUID id, String tenant, String userName, String displayName, String email, List<Role> roles,
            @Schema(nullable = true) String locale, boolean passwordChangeRequired) {
    }

    @Schema(name = "SignInResult",
            requiredProperties = {"accessToken", "tokenType", "expiresIn", "passwordChangeRequired"})
    public record SignInView(String accessToken, @Schema(enumeration = "Bearer") String tokenType,
            @Schema(description = "Seconds until the token expires", example = "3600") long expiresIn,
            boolean passwordChangeRequired) {
    }
}
