package dev.identity.ops;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Recovery.code;
import static dev.identity.support.Recovery.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scheduled purge keeps flows, sessions, sent mail and rate-limit buckets from growing forever. */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Db db;
    @Inject
    Housekeeping housekeeping;

    @Test
    void whenFlowsSessionsAndSentMailEndedLongAgoThenThePurgeDeletesThemAndKeepsLiveOnes() {
        String domain = newTenant();
        newUser(domain, "purged", GOOD_PASSWORD);
        UUID old = UUID.fromString(start(domain, "purged@" + domain));
        code("purged@" + domain, 1);
        UUID live = UUID.fromString(start(domain, "purged@" + domain));
        db.update("update recovery_flow set expires_at = now() - interval '2 days', "
                + "email_code_expires = now() - interval '2 days' where id = ?1", old);
        db.update("update mail_outbox set sent_at = now() - interval '8 days' where recipient = ?1 and sent_at is not null",
                "purged@" + domain);
        UUID tenantId = (UUID) db.single("select id from tenant where domain = ?1", domain);
        UUID userId = (UUID) db.single("select id from app_user where tenant_id = ?1", tenantId);
        db.update("insert into session (id, tenant_id, user_id, token_hash, created_at, expires_at, proved_at) "
                + "values (?1, ?2, ?3, ?4, now() - interval '3 days', now() - interval '2 days', "
                + "now() - interval '3 days')",
                UUID.randomUUID(), tenantId, userId, UUID.randomUUID().toString().getBytes());

        housekeeping.purge(Instant.now());

        assertEquals(0L, count("select count(*) from recovery_flow where id = ?1", old));
        assertEquals(1L, count("select count(*) from recovery_flow where id = ?1", live));
        assertEquals(0L, count("select count(*) from mail_outbox where recipient = ?1 and sent_at < now() - interval '7 days'",
                "purged@" + domain));
        assertEquals(0L, count("select count(*) from session where user_id = ?1 and expires_at < now() - interval '1 day'",
                userId));
    }

    @Test
    void whenAnAuthenticatorRegistrationWasNeverConfirmedThenThePurgeDeletesItAndKeepsConfirmedOnes() {
        String domain = newTenant();
        String abandoned = newUser(domain, "abandoned", GOOD_PASSWORD);
        String confirmed = newUser(domain, "confirmed", GOOD_PASSWORD);
        db.update("insert into authenticator (user_id, sealed_seed, state, created_at, expires_at) values "
                + "(?1, 'x', 'pending', now() - interval '3 days', now() - interval '2 days')", UUID.fromString(abandoned));
        db.update("insert into authenticator (user_id, sealed_seed, state, created_at, confirmed_at) values "
                + "(?1, 'x', 'active', now() - interval '3 days', now() - interval '3 days')", UUID.fromString(confirmed));
        housekeeping.purge(Instant.now());
        assertEquals(0L, count("select count(*) from authenticator where user_id = ?1", UUID.fromString(abandoned)));
        assertEquals(1L, count("select count(*) from authenticator where user_id = ?1", UUID.fromString(confirmed)));
    }

    @Test
    void whenARateLimitBucketIsFullAgainThenThePurgeDeletesIt() {
        db.update("insert into rate_limit (key, tat) values ('\\x2a'::bytea, now() - interval '1 second'), "
                + "('\\x2b'::bytea, now() + interval '1 hour')");
        housekeeping.purge(Instant.now());
        assertEquals(0L, count("select count(*) from rate_limit where key = '\\x2a'::bytea"));
        assertEquals(1L, count("select count(*) from rate_limit where key = '\\x2b'::bytea"), "a bucket not yet full");
    }

    @Test
    void whenSignInFailuresAreOlderThanTheirWindowThenThePurgeDeletesThemAndKeepsRecentOnes() {
        db.update("insert into sign_in_failure (account_key, address_key, guess_key, failed_at) values "
                + "('\\x01'::bytea, '\\x02'::bytea, '\\x03'::bytea, now() - interval '2 days'), "
                + "('\\x01'::bytea, '\\x02'::bytea, '\\x04'::bytea, now() - interval '1 hour')");
        db.update("insert into familiar_address (account_key, address_key, last_success_at) values "
                + "('\\x01'::bytea, '\\x05'::bytea, now() - interval '31 days'), "
                + "('\\x01'::bytea, '\\x06'::bytea, now() - interval '29 days')");
        housekeeping.purge(Instant.now());
        assertEquals(1L, count("select count(*) from sign_in_failure where account_key = '\\x01'::bytea"));
        assertEquals(1L, count("select count(*) from familiar_address where account_key = '\\x01'::bytea"));
    }

    private long count(String sql, Object... params) {
        return ((Number) db.single(sql, params)).longValue();
    }
}
