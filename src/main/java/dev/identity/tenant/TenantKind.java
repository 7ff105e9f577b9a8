package dev.identity.tenant;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.identity.directory.Tenant;

/** What a tenant is: a customer, or an indirect provider that administers customers. */
public enum TenantKind {
    CUSTOMER(Tenant.KIND_CUSTOMER), INDIRECT_PROVIDER(Tenant.KIND_INDIRECT_PROVIDER);

    private final String value;

    TenantKind(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
