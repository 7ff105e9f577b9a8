package dev.identity.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: one organisation's directory, addressed by its domain. */
@Entity
@Table(name = "tenant")
public class Tenant {

    public static final String KIND_CUSTOMER = "customer";
    public static final String KIND_INDIRECT_PROVIDER = "indirect-provider";

    @Id
    public UUID id;
    @Column(nullable = false)
    public String domain;
    @Column(name = "display_name", nullable = false)
    public String displayName;
    @Column(nullable = false)
    public String kind;
    @Column(name = "self_service_reset", nullable = false)
    public boolean selfServiceReset;
    @Column(name = "support_contact")
    public String supportContact;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
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
