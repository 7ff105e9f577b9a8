-- Limits that stop attackers, never the people they attack (DESIGN.md 4.5 and 4.6).

-- Bucket4j's buckets go: every limit is now a row of rate_limit, taken by rate_limit_take below.
drop table rate_limit_bucket;

-- A token bucket per limited key, kept as GCRA's one number: the theoretical arrival time. A request is let
-- through when, after it, tat - now <= burst (capacity x emission interval); it moves tat to
-- max(tat, now) + emission. A row whose tat has passed is a full bucket, the same as no row, and can be purged.
-- The key is a keyed hash (HMAC) of the limit's name and what it counts: no user name or address is stored.
create table rate_limit (
    key bytea       primary key,
    tat timestamptz not null
);
create index rate_limit_tat on rate_limit (tat);

-- Takes one request from each key, all or nothing: the keys are locked in the order given, and when one of them
-- refuses, none is moved, so a request refused by its address limit takes nothing from its tenant's. Answers
-- (0, 0) when taken, else (the refusing key's position from 1, milliseconds until it would let one through).
-- One call is one statement: in autocommit its locks last only as long as the call.
create function rate_limit_take(keys bytea[], emission_us bigint[], burst_us bigint[])
returns table (refused integer, retry_after_ms bigint) language plpgsql as $$
declare
    now_ timestamptz := clock_timestamp();
    next_tats timestamptz[] := '{}';
    current_tat timestamptz;
    next_tat timestamptz;
begin
    for i in 1 .. coalesce(array_length(keys, 1), 0) loop
        insert into rate_limit (key, tat) values (keys[i], now_) on conflict (key) do nothing;
        select r.tat into current_tat from rate_limit r where r.key = keys[i] for update;
        next_tat := greatest(current_tat, now_) + emission_us[i] * interval '1 microsecond';
        if next_tat - now_ > burst_us[i] * interval '1 microsecond' then
            return query select i, greatest(1, ceil(extract(epoch from
                (next_tat - burst_us[i] * interval '1 microsecond' - now_)) * 1000))::bigint;
            return;
        end if;
        next_tats := next_tats || next_tat;
    end loop;
    for i in 1 .. coalesce(array_length(keys, 1), 0) loop
        update rate_limit set tat = next_tats[i] where key = keys[i];
    end loop;
    return query select 0, 0::bigint;
end;
$$;

-- Wrong sign-in passwords, per account as asked (keyed hash of tenant and user name, whether or not it exists),
-- client address (keyed hash of its limit key) and guess (a keyed, truncated hash of the wrong password, bound to
-- the account): the same wrong password again only moves failed_at, so it counts once. Rows live a day.
create table sign_in_failure (
    account_key bytea       not null,
    address_key bytea       not null,
    guess_key   bytea       not null,
    failed_at   timestamptz not null,
    primary key (account_key, address_key, guess_key)
);
create index sign_in_failure_account on sign_in_failure (account_key, failed_at);
create index sign_in_failure_failed_at on sign_in_failure (failed_at);

-- Addresses an account signed in from successfully (keyed hashes of both), for 30 days from the last success:
-- failures from elsewhere never hold them back.
create table familiar_address (
    account_key     bytea       not null,
    address_key     bytea       not null,
    last_success_at timestamptz not null,
    primary key (account_key, address_key)
);
create index familiar_address_last_success on familiar_address (last_success_at);

-- A new recovery-start supersedes only the flows the same client address started for the account.
alter table recovery_flow add column address_key bytea;
create index recovery_flow_account_address_open on recovery_flow (account_key, address_key)
    where state in ('pending', 'verified');
drop index recovery_flow_account_open;

-- Wrong current passwords in a row on a session (POST /api/v1/me/password); the fifth revokes the session.
alter table session add column wrong_passwords integer not null default 0;
