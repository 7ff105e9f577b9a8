package dev.identity.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 6 and 9: stopped (SIGTERM) while mail is being queued and sent, the packaged service lets its scheduler
 * and dispatcher end before the database goes, and logs no ERROR; what it had not sent goes out once after its
 * restart.
 */
class MailShutdownIT {

    @Test
    void whenThePackagedServiceIsStoppedUnderMailLoadThenItLogsNoErrorAndEveryMailGoesOutOnce() throws Exception {
        try (Fleet fleet = new Fleet()) {
            ServiceInstance service = fleet.start(1, Map.of()).get(0);
            String domain = Fleet.newTenant(service);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Fleet.newUser(service, domain, "load" + i);
                addresses.add("load" + i + "@" + domain);
            }
            Thread load = new Thread(() -> {
                for (String address : addresses) {
                    try {
                        Fleet.startRecovery(service, domain, address);
                    } catch (RuntimeException e) {
                        return; // the service has stopped
                    }
                }
            });
            load.start();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> fleet.db.count("select count(*) from mail_outbox where sent_at is not null") >= 5);
            service.stop();
            load.join(TimeUnit.SECONDS.toMillis(30));
            String log = service.logText();
            assertFalse(log.contains(" ERROR "), "the stop logged an ERROR:\n" + log);

            service.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fleet.db.count(
                    "select count(*) from mail_outbox where sent_at is null and failed_at is null") == 0);
            long queued = fleet.db.count("select count(*) from mail_outbox where kind = 'recovery-code'");
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    addresses.stream().mapToInt(Fleet::mailsTo).sum() == queued);
            for (String address : addresses) {
                assertEquals(true, Fleet.mailsTo(address) <= 1, address + " got a code twice");
            }
        }
    }
}
