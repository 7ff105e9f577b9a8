package dev.identity.policy;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where the service runs (DESIGN.md section 1): the {@code global} cloud, where support, admins and indirect
 * providers may reset passwords on a user's behalf, or the {@code 21vianet} sovereign cloud operated by a local
 * partner, where self-service is the only way back in.
 */
public enum Deployment {
    GLOBAL("global"),
    VIANET("21vianet");

    private final String slug;

    Deployment(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    /** The deployment named by {@code IDENTITY_DEPLOYMENT}; anything else is refused at start. */
    public static Deployment of(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.slug.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "IDENTITY_DEPLOYMENT must be global or 21vianet, not '" + name + "'"));
    }
}
