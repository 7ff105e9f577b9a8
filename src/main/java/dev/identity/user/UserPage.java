package dev.identity.user;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a tenant's users. */
@Schema(name = "UserPage", description = "Users ordered by user name; pass nextCursor as `after` for the next page",
        requiredProperties = {"items", "nextCursor"})
public record UserPage(List<UserView> items, @Schema(nullable = true) String nextCursor) {
}
