package dev.identity.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** What every mail telling a user of a change to their account says: who, where, when, and whom to call. */
public final class Notices {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Notices() {
    }

    /** A time as the mails write it. */
    public static String when(Instant instant) {
        return WHEN.format(instant);
    }

    /** The template data of a notice to {@code user}; callers add what their template says besides. */
    public static Map<String, Object> data(User user, Tenant tenant, Instant when) {
        return data(user.displayName, user.userName, tenant.displayName, tenant.supportContact, when);
    }

    /** As above, from the names alone; with no support contact the tenant's name stands for it. */
    public static Map<String, Object> data(String displayName, String userName, String tenantName,
            String supportContact, Instant when) {
        return new HashMap<>(Map.of("displayName", displayName, "userName", userName, "tenantName", tenantName,
                "when", when(when), "supportContact", supportContact != null ? supportContact : tenantName));
    }
}
