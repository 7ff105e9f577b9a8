package dev.identity.directory;

import java.time.Instant;
import java.util.UUID;

/** A tenant: one organisation's directory, addressed by its domain. */
public class Tenant {

    public static final String KIND_CUSTOMER = "customer";
    public static final String KIND_INDIRECT_PROVIDER = "indirect-provider";

    public UUID id;
    public String domain;
    public String displayName;
    public String kind;
    public boolean selfServiceReset;
    public String supportContact;
    public Instant createdAt;
    public Instant updatedAt;

    /** A new tenant, not yet stored. */
    public static Tenant create(String domain, String displayName, String kind, boolean selfServiceReset,
            String supportContact, Instant now) {
        Tenant tenant = new Tenant();
        tenant.id = UUID.randomUUID();
        tenant.domain = domain;
        tenant.displayName = displayName;
        tenant.kind = kind;
        tenant.selfServiceReset = selfServiceReset;
        tenant.supportContact = supportContact;
        tenant.createdAt = now;
        tenant.updatedAt = now;
        return tenant;
    }

    public boolean isIndirectProvider() {
        return KIND_INDIRECT_PROVIDER.equals(kind);
    }
}
