package dev.identity.fleet;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 6, two instances and a lease: instance a claims a code and, mid-conversation with its relay, stalls for
 * longer than its lease (the process is frozen, as a long pause or a stopped VM would, while the relay holds its
 * connection). Instance b takes the message over once the lease has ended and delivers it. When a wakes and its
 * relay's answers arrive, it does not finish the message: it is delivered once, and mail through a keeps flowing.
 */
class MailLeaseIT {

    @Test
    void whenAnInstanceStallsPastItsLeaseThenTheOtherDeliversAndTheStalledOneDoesNotSendItAgain() throws Exception {
        Map<String, String> settings = Map.of("IDENTITY_MAIL_SEND_TIMEOUT", "5s", "IDENTITY_MAIL_STEP_TIMEOUT", "5s",
                "IDENTITY_MAIL_LEASE", "15s", "QUARKUS_MAILER_MAX_POOL_SIZE", "25");
        try (Fleet fleet = new Fleet(); FaultyRelay relay = new FaultyRelay(fleet.smtpPort)) {
            ServiceInstance a = new ServiceInstance("mail-lease-a", fleet.db.jdbcUrl(), relay.port(), settings);
            ServiceInstance b = new ServiceInstance("mail-lease-b", fleet.db.jdbcUrl(), fleet.smtpPort, settings);
            try {
                a.start();
                String domain = Fleet.newTenant(a);
                Fleet.newUser(a, domain, "first");
                Fleet.startRecovery(a, domain, "first@" + domain).statusCode(202);
                Fleet.code("first@" + domain, 1); // mail flows through a

                relay.pause();
                int connections = relay.accepted();
                Fleet.newUser(a, domain, "stalled");
                String address = "stalled@" + domain;
                Fleet.startRecovery(a, domain, address).statusCode(202);
                // a has claimed the code and is talking to its relay, which holds every byte.
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> relay.accepted() > connections
                        && fleet.db.count("select count(*) from mail_outbox where recipient = ? and lease_until > now()"
                                + " and sent_at is null", address) == 1);
                a.signal("STOP");
                try {
                    b.start();
                    // b takes the code over once a's lease has ended, and delivers it.
                    Fleet.code(address, 1);
                    // b marks it sent once the relay has taken it: the mail may arrive a moment before that commit.
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fleet.db.count("select count(*) "
                            + "from mail_outbox where recipient = ? and sent_at is not null", address) == 1);
                } finally {
                    relay.resume(); // what a sent before it froze reaches the relay, and the relay's answers reach a
                    a.signal("CONT");
                }
                Awaitility.await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                        .until(() -> Fleet.mailsTo(address) == 1);

                b.stop(); // a alone: its dispatcher still works
                Fleet.newUser(a, domain, "later");
                Fleet.startRecovery(a, domain, "later@" + domain).statusCode(202);
                Fleet.code("later@" + domain, 1);
                Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> Fleet.mailsTo("later@" + domain) == 1 && Fleet.mailsTo(address) == 1);
                assertFalse(a.logText().contains(" ERROR "), "a logged an ERROR");
            } finally {
                a.stop();
                b.stop();
            }
        }
    }
}
