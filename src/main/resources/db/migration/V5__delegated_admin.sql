-- Delegated-admin relationships between an indirect provider and a customer tenant (DESIGN.md section 3).
-- 'pending' until the customer's global admin approves (a request nobody answers lapses at request_expires_at),
-- 'active' from activated_at to expires_at (activation plus duration_days), or 'terminated' by either side.
-- "Expired" is not stored: it is read from the times, so no job has to run for a relationship to end on time.
create table delegated_admin_relationship (
    id                 uuid        primary key,
    provider_tenant_id uuid        not null references tenant (id),
    customer_tenant_id uuid        not null references tenant (id),
    roles              text[]      not null,
    duration_days      integer     not null check (duration_days between 1 and 730),
    status             text        not null check (status in ('pending', 'active', 'terminated')),
    created_at         timestamptz not null,
    requested_by       uuid,
    request_expires_at timestamptz not null,
    activated_at       timestamptz,
    expires_at         timestamptz,
    terminated_at      timestamptz,
    check (provider_tenant_id <> customer_tenant_id),
    check (status <> 'active' or (activated_at is not null and expires_at is not null))
);
create index delegated_admin_relationship_pair on delegated_admin_relationship (customer_tenant_id, provider_tenant_id);
create index delegated_admin_relationship_provider on delegated_admin_relationship (provider_tenant_id);
