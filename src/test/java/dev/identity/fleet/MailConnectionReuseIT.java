package dev.identity.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 6, connections to the relay: the packaged service, one connection at a time, in front of the relay a proxy
 * that counts the connections it accepts and those the service closes. Mail that follows within the reuse window goes
 * on the connection the last mail used; a connection left idle is closed once the window has passed, and the next
 * mail opens another; a kept connection that has gone silent (a flow a middlebox dropped, its socket still open) is
 * given up after its NOOP goes unanswered, and the mail goes out on a new one at its first attempt.
 */
class MailConnectionReuseIT {

    @Test
    void whenMailFollowsWithinTheReuseWindowThenItsConnectionCarriesItAndAnIdleOneIsClosedAfterTheWindow()
            throws Exception {
        Map<String, String> settings = Map.of("IDENTITY_MAIL_REUSE_WITHIN", "5s", "QUARKUS_MAILER_MAX_POOL_SIZE", "1",
                "IDENTITY_MAIL_SEND_TIMEOUT", "6s", "IDENTITY_MAIL_STEP_TIMEOUT", "3s");
        try (Fleet fleet = new Fleet(); FaultyRelay relay = new FaultyRelay(fleet.smtpPort)) {
            ServiceInstance service = new ServiceInstance("mail-reuse", fleet.db.jdbcUrl(), relay.port(), settings);
            try {
                service.start();
                String domain = Fleet.newTenant(service);
                for (String user : new String[] {"first", "second", "third", "fourth"}) {
                    Fleet.newUser(service, domain, user);
                }
                Fleet.startRecovery(service, domain, "first@" + domain).statusCode(202);
                Fleet.code("first@" + domain, 1);
                int opened = relay.accepted();

                // Within the window: the same connection carries the next mail, and stays open for a while after it.
                Fleet.startRecovery(service, domain, "second@" + domain).statusCode(202);
                Fleet.code("second@" + domain, 1);
                assertEquals(opened, relay.accepted(), "the second mail went on the first one's connection");
                Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                        .until(() -> relay.closedByClient() < relay.accepted());

                // Idle past the window: the service closes it, with no mail to send, and the next mail opens another.
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> relay.closedByClient() == relay.accepted());
                Fleet.startRecovery(service, domain, "third@" + domain).statusCode(202);
                Fleet.code("third@" + domain, 1);
                assertEquals(opened + 1, relay.accepted(), "a connection idle past the window is not reused");

                // The kept connection goes silent with its socket open; a new one is healthy. The mail still goes out
                // at its first attempt, on a new connection.
                relay.silent();
                relay.heal();
                Fleet.startRecovery(service, domain, "fourth@" + domain).statusCode(202);
                Fleet.code("fourth@" + domain, 1);
                assertEquals(opened + 2, relay.accepted());
                assertEquals(1, fleet.db.count("select count(*) from mail_outbox where recipient = ? "
                        + "and sent_at is not null and attempts = 0", "fourth@" + domain),
                        "sent at the first attempt");
            } finally {
                service.stop();
            }
        }
    }
}
