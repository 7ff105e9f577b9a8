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

    /** While the operator token is rotated, the one it replaces, still accepted until it is unset. */
    Optional<String> operatorTokenPrevious();

    /**
     * {@code global} (default) or {@code 21vianet}: what the deployment allows (DESIGN.md section 1). In
     * {@code 21vianet} self-service is the only way back in: no on-behalf reset and no delegated administration.
     */
    @WithDefault("global")
    String deployment();

    /** The deployment's own support contact, shown at {@code GET /api/v1/deployment}. */
    Optional<String> supportContact();

    /**
     * Base64 of 32 random bytes: encrypts secrets at rest (mail waiting in the outbox, authenticator seeds) and
     * keys the hashes of codes. Required outside dev and test, where one is generated.
     */
    Optional<String> secretsKey();

    /**
     * While the secrets key is rotated, the key it replaces: what was sealed or hashed under it is still read
     * and compared, and sealed secrets are sealed again under the new key at start.
     */
    Optional<String> secretsKeyPrevious();

    Tokens tokens();

    Hashing hashing();

    Demo demo();

    EmbeddedDb embeddedDb();

    Purge purge();

    Mail mail();

    Recovery recovery();

    RateLimit rateLimit();

    /** Self-service recovery. */
    interface Recovery {
        /**
         * When set, the code mail also carries this link, with {@code {flowId}} and {@code {code}} filled in, for
         * example {@code https://portal.example/recover?flow={flowId}&code={code}}. The page it opens must ask
         * before it posts the code: a GET never consumes it.
         */
        Optional<String> linkTemplate();
    }

    /**
     * Limits on sign-in, recovery-start and verify, kept in PostgreSQL so that they hold across instances. Each
     * limit is {@code <requests>/<period>}, for example {@code 5/15m}: a bucket that holds that many requests and
     * refills them evenly over the period.
     */
    interface RateLimit {
        /** Off only for load tests. */
        @WithDefault("true")
        boolean enabled();

        Scopes signIn();

        Scopes recoveryStart();

        Scopes verify();
    }

    /** One endpoint's limits: per account (tenant and user name), per client address, per tenant. */
    interface Scopes {
        @WithDefault("10/5m")
        String perAccount();

        @WithDefault("60/1m")
        String perAddress();

        @WithDefault("600/1m")
        String perTenant();
    }

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

    /** Mail delivery from the outbox. */
    interface Mail {
        /** How often the dispatcher looks for mail to send. */
        @WithDefault("1s")
        String dispatchEvery();

        /**
         * How long one message may take to hand to SMTP before the attempt counts as failed and is retried; a
         * server that stops answering mid-session must not hold the dispatcher.
         */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    /** The scheduled clean-up of ended sessions, finished recovery flows, sent mail and idle rate-limit buckets. */
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
