-- Self-service recovery flows. A flow is created for every well-formed recovery-start, also when nobody is
-- to be recovered (user_id null), so that the answer and its cost do not tell who has an account.
-- Codes and reset tokens are kept only as keyed hashes (HMAC-SHA256).
create table recovery_flow (
    id                 uuid        primary key,
    tenant_id          uuid        not null references tenant (id),
    user_id            uuid        references app_user (id) on delete cascade,
    -- Keyed hash of tenant and user name as asked: a new start supersedes the open flows of the same key,
    -- and verify is rate-limited per key, whether or not the user exists.
    account_key        bytea       not null,
    state              text        not null check (state in ('pending', 'verified', 'completed', 'superseded', 'locked')),
    -- Methods the user must pass, and those passed so far ('email', 'authenticator').
    required_methods   text[]      not null,
    passed_methods     text[]      not null default '{}',
    need_count         integer     not null,
    email_code_hash    bytea,
    email_code_expires timestamptz,
    email_code_used_at timestamptz,
    attempts           integer     not null default 0,
    reset_token_hash   bytea,
    reset_expires_at   timestamptz,
    reset_claimed_until timestamptz,
    created_at         timestamptz not null,
    expires_at         timestamptz not null,
    finished_at        timestamptz
);
create index recovery_flow_account_open on recovery_flow (account_key) where state in ('pending', 'verified');
create index recovery_flow_expires on recovery_flow (expires_at);

-- A signed-in user's request to change their recovery email: the new address is used only once the code
-- mailed to it is entered.
create table email_change (
    id           uuid        primary key,
    user_id      uuid        not null references app_user (id) on delete cascade,
    new_email    text        not null,
    code_hash    bytea       not null,
    attempts     integer     not null default 0,
    state        text        not null check (state in ('pending', 'completed', 'superseded', 'locked')),
    created_at   timestamptz not null,
    expires_at   timestamptz not null
);
create index email_change_user_open on email_change (user_id) where state = 'pending';
create index email_change_expires on email_change (expires_at);

-- Rate-limit buckets (Bucket4j, PostgreSQL advisory locks). The id is a keyed hash of the limited key, so no
-- user name or address is stored; expires_at (epoch milliseconds) is when a bucket is full again and can go.
create table rate_limit_bucket (
    id         bigint primary key,
    state         bytea,
    expires_at    bigint,
    -- Written by Bucket4j: the advisory-lock id, so that its purge skips buckets in use.
    explicit_lock bigint
);
create index rate_limit_bucket_expires on rate_limit_bucket (expires_at);

-- The user a mail concerns, so that sending a code can be audited.
alter table mail_outbox add column user_id uuid;

-- An address set by an admin or the operator counts as verified; a user changes it only through a code.
update app_user set email_verified = true;
alter table app_user alter column email_verified set default true;
