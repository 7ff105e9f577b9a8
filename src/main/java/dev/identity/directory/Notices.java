package dev.identity.directory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What every mail telling a user of a change to their account says besides: when, and whom to call. */
public final class Notices {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Notices() {
    }

    /** A time as the mails write it. */
    public static String when(Instant instant) {
        return WHEN.format(instant);
    }

    /** Whom a notice tells the user to call: the tenant's support contact, or its name when it has none. */
    public static String supportContact(String supportContact, String tenantName) {
        return supportContact != null ? supportContact : tenantName;
    }

    /** As above, for a tenant. */
    public static String supportContact(Tenant tenant) {
        return supportContact(tenant.supportContact, tenant.displayName);
    }
}
