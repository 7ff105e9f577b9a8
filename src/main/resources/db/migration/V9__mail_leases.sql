-- The dispatcher claims due mail with a lease in a short transaction of its own, and holds no transaction or row
-- lock while it talks to SMTP (DESIGN.md 6). A message is claimable when it is due and nobody's lease on it is
-- current; the instance that holds the lease (lease_owner, a random id per process) is the only one that may
-- mark it sent or schedule its retry, and it starts no send that could end after its lease does.
alter table mail_outbox add column lease_owner uuid;
alter table mail_outbox add column lease_until timestamptz;
