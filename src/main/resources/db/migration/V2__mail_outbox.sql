-- Mail waits here, written in the transaction of the change that causes it, until the dispatcher sends it.
-- The message (subject and body, which may hold a code) is AES-GCM sealed and wiped once sent.
create table mail_outbox (
    id              uuid        primary key,
    tenant_id       uuid        references tenant (id),
    kind            text        not null,
    recipient       text        not null,
    locale          text        not null,
    sealed_message  text,
    created_at      timestamptz not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      text
);
create index mail_outbox_due on mail_outbox (next_attempt_at) where sent_at is null and failed_at is null;
create index mail_outbox_sent on mail_outbox (sent_at) where sent_at is not null;
