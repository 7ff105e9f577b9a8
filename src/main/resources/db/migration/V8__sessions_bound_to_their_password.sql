-- No session outlives its password (DESIGN.md 7). Each password change or reset moves the user's password epoch on,
-- in the transaction that stores the hash; a session carries the epoch of the hash its sign-in verified, read in
-- the same statement as that hash, and a token is good only while the two are equal. A sign-in that verified the
-- old password while a reset committed therefore issues a token that never works, whatever the interleaving.
alter table app_user add column password_epoch bigint not null default 0;
alter table session add column password_epoch bigint not null default 0;

-- When the session last proved the password: its sign-in, or POST /api/v1/me/reauthenticate. Changing how the
-- account is recovered needs a proof within the last 10 minutes.
alter table session add column proved_at timestamptz;
update session set proved_at = created_at;
alter table session alter column proved_at set not null;
