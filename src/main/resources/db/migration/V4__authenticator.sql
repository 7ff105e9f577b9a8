-- A user's authenticator app (TOTP, RFC 6238). The seed is sealed with AES-256-GCM under IDENTITY_SECRETS_KEY,
-- bound to the user, so a copied row opens for nobody else. A registration is 'pending' until its first code is
-- entered, then 'active'. last_used_step is the newest time step whose code was accepted: a code is accepted
-- only for a later step, so none works twice.
create table authenticator (
    user_id        uuid        primary key references app_user (id) on delete cascade,
    sealed_seed    text        not null,
    state          text        not null check (state in ('pending', 'active', 'locked')),
    attempts       integer     not null default 0,
    last_used_step bigint,
    created_at     timestamptz not null,
    expires_at     timestamptz,
    confirmed_at   timestamptz
);
create index authenticator_pending_expires on authenticator (expires_at) where state <> 'active';

-- Recovery-start queues a mail on every path so that its cost does not tell who has an account; the mail of a
-- start that reaches nobody is a decoy. The dispatcher handles it like any other and drops it instead of
-- handing it to SMTP.
alter table mail_outbox add column decoy boolean not null default false;
