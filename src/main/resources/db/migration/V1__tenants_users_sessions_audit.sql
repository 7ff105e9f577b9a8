-- Tenants: one directory each, addressed by their domain name (case-insensitive).
create table tenant (
    id                 uuid        primary key,
    domain             text        not null,
    display_name       text        not null,
    kind               text        not null check (kind in ('customer', 'indirect-provider')),
    self_service_reset boolean     not null,
    support_contact    text,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);
create unique index tenant_domain_uk on tenant (lower(domain));

-- Users of a tenant. The user name is unique per tenant, case-insensitively.
create table app_user (
    id                       uuid        primary key,
    tenant_id                uuid        not null references tenant (id),
    user_name                text        not null,
    display_name             text        not null,
    email                    text        not null,
    email_verified           boolean     not null default false,
    roles                    text[]      not null default '{}',
    locale                   text,
    enabled                  boolean     not null default true,
    password_hash            text,
    password_change_required boolean     not null default false,
    password_changed_at      timestamptz,
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    version                  bigint      not null default 0
);
create unique index app_user_name_uk on app_user (tenant_id, lower(user_name));
-- The last-global-admin rule counts these on every demotion and disabling.
create index app_user_enabled_global_admins on app_user (tenant_id)
    where enabled and 'GLOBAL_ADMIN' = any (roles);

-- Hashes a user's password had before it was replaced (never a clear password).
create table password_history (
    id            bigserial   primary key,
    user_id       uuid        not null references app_user (id) on delete cascade,
    password_hash text        not null,
    replaced_at   timestamptz not null
);
create index password_history_user on password_history (user_id, replaced_at desc);

-- Access tokens, kept only as a SHA-256 of the token. Revoking sets revoked_at, for every instance at once.
create table session (
    id                   uuid        primary key,
    tenant_id            uuid        not null references tenant (id),
    user_id              uuid        not null references app_user (id) on delete cascade,
    token_hash           bytea       not null,
    created_at           timestamptz not null,
    expires_at           timestamptz not null,
    revoked_at           timestamptz
);
create unique index session_token_hash_uk on session (token_hash);
create index session_user_live on session (user_id) where revoked_at is null;
create index session_expires on session (expires_at);

-- Append-only record of what was done or refused, by whom, to whom. Never a password, code or token.
create table audit_event (
    id              uuid        primary key,
    occurred_at     timestamptz not null,
    tenant_id       uuid        references tenant (id),
    type            text        not null,
    actor_kind      text        not null check (actor_kind in ('user', 'operator', 'anonymous', 'system')),
    actor_user_id   uuid,
    actor_tenant_id uuid,
    target_user_id  uuid,
    client_address  text,
    outcome         text        not null check (outcome in ('success', 'failure', 'refused')),
    reason          text
);
create index audit_event_tenant_time on audit_event (tenant_id, occurred_at desc, id desc);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end;
$$;
create trigger audit_event_no_update_or_delete before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
