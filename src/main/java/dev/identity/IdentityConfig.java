package dev.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the service under {@code identity.*}, each also an {@code IDENTITY_*} environment variable. */
@ConfigMapping(prefix = "identity")
public interface IdentityConfig {

    /** The operator (support) bearer token; the operator API is off when it is unset. */
    Optional<String> operatorToken();

    Tokens tokens();

    Hashing hashing();

    Demo demo();

    EmbeddedDb embeddedDb();

    Purge purge();

    /** Access tokens. */
    interface Tokens {
        /** Lifetime of an access token; at most one hour. */
        @WithDefault("PT1H")
        Duration lifetime();
    }

    /** Argon2id parameters and the bounded pool that runs the hashes. */
    interface Hashing {
        /** Memory cost in KiB (OWASP minimum 19456). */
        @WithDefault("19456")
        int memoryKib();

        /** Iterations (OWASP minimum 2). */
        @WithDefault("2")
        int iterations();

        /** Lanes (OWASP minimum 1). */
        @WithDefault("1")
        int parallelism();

        /** Threads that hash; 0 means one per available core. */
        @WithDefault("0")
        int poolSize();

        /** Hashes that may wait for a thread; beyond that the service answers 503 service-busy. */
        @WithDefault("64")
        int queueCapacity();
    }

    /** The embedded PostgreSQL started when no {@code quarkus.datasource.jdbc.url} is set. */
    interface EmbeddedDb {
        /** Where it keeps its data (default {@code ~/.identity-service/postgres}); tests use a temporary one. */
        Optional<String> dir();
    }

    /** The scheduled clean-up of ended sessions. */
    interface Purge {
        /** How often it runs (a duration such as 1h or 15m). */
        @WithDefault("1h")
        String every();
    }

    /** Demo tenants and users for trying the service out. */
    interface Demo {
        /** Seed the demo tenants and users at startup when they are missing. */
        @WithDefault("false")
        boolean enabled();
    }
}
