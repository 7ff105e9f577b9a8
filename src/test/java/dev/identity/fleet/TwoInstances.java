package dev.identity.fleet;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The setting of the fleet tests: two processes of the packaged service sharing one PostgreSQL and one SMTP
 * server, and a customer tenant with self-service reset on, made through the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoInstances {

    Fleet fleet;
    ServiceInstance a;
    ServiceInstance b;
    String domain;

    /** Environment over the fleet's defaults for both instances (rate limits, for instance). */
    Map<String, String> settings() {
        return Map.of();
    }

    @BeforeAll
    void startTwoInstances() throws Exception {
        fleet = new Fleet();
        List<ServiceInstance> started = fleet.start(2, settings());
        a = started.get(0);
        b = started.get(1);
        domain = Fleet.newTenant(a);
    }

    @AfterAll
    void stopFleet() throws Exception {
        fleet.close();
    }
}
