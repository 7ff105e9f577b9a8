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

    @io.smallrye.config.WithName("import")
    UserImport userImport();

    /** Request bodies of the API: larger ones are 413 {@code payload-too-large} (the user import has its own cap). */
    @WithDefault("16K")
    io.quarkus.runtime.configuration.MemorySize maxBodySize();

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
     * Limits (DESIGN.md 4.5, 4.6), kept in PostgreSQL so that they hold across instances. A request limit is
     * {@code <requests>/<period>}, for example {@code 60/1m}: a bucket that holds that many requests and refills
     * them evenly over the period. A count of failures or mails is {@code <count>/<window>}. These defaults are the
     * only ones: application.properties does not repeat them, and docs/configuration.md's table lists them (a test
     * holds the two together).
     */
    interface RateLimit {
        /** Off only for load tests. */
        @WithDefault("true")
        boolean enabled();

        SignIn signIn();

        RecoveryStart recoveryStart();

        Verify verify();

        CredentialChecks credentialChecks();
    }

    /** Sign-in: requests per address and per tenant, and wrong passwords per account (the smart lockout). */
    interface SignIn {
        /** Sign-in requests from one client address (an IPv6 client by its /64). */
        @WithDefault("60/1m")
        String perAddress();

        /** Sign-in requests to one tenant, from everywhere: a backstop far above normal traffic. */
        @WithDefault("600/1m")
        String perTenant();

        /** Wrong passwords for one account from one address in the window; then that address is refused for it. */
        @WithDefault("10/5m")
        String failuresPerAccountAndAddress();

        /**
         * Wrong passwords for one account from every address in the window (NIST SP 800-63B's 100); then addresses
         * the account has not signed in from in the last 30 days are refused for it.
         */
        @WithDefault("100/1d")
        String failuresPerAccount();
    }

    /** Recovery-start: requests per address and per tenant, and code mails per account. */
    interface RecoveryStart {
        @WithDefault("30/1m")
        String perAddress();

        @WithDefault("300/1m")
        String perTenant();

        /** Code mails to one account started from one address; past it a start answers 202 and sends nothing. */
        @WithDefault("5/1h")
        String mailsPerAccountAndAddress();

        /**
         * Code mails to one account started from addresses it has not signed in from in the last 30 days; past it
         * a start from such an address answers 202 and sends nothing.
         */
        @WithDefault("20/1d")
        String mailsPerAccount();
    }

    /** Verify: requests per address and per tenant (each flow takes 5 wrong codes, then locks). */
    interface Verify {
        @WithDefault("60/1m")
        String perAddress();

        @WithDefault("600/1m")
        String perTenant();
    }

    /**
     * Work of a known user that costs a hash or checks a code: {@code POST /api/v1/me/password}, the recovery
     * reset, and the code checks of a signed-in user.
     */
    interface CredentialChecks {
        @WithDefault("10/5m")
        String perUser();

        @WithDefault("60/1m")
        String perAddress();
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

        /**
         * Hashes one caller (a client address, an IPv6 one by its /64, or a user) may have running or waiting at
         * once, on this instance; beyond that it gets 429 rate-limited, and the rest of the pool stays for others.
         * 0: an eighth of threads and queue, at least 2.
         */
        @WithDefault("0")
        int callerShare();
    }

    /** {@code POST /api/v1/tenants/{tenant}/users/import}: users with the password hashes they already have. */
    interface UserImport {
        /** The largest import body; past it the import stops with a {@code payload-too-large} line. */
        @WithDefault("1G")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** Lines written per transaction. */
        @WithDefault("1000")
        int batchSize();
    }

    /** The embedded PostgreSQL started when no {@code quarkus.datasource.jdbc.url} is set. */
    interface EmbeddedDb {
        /** Where it keeps its data (default {@code ~/.identity-service/postgres}); tests use a temporary one. */
        Optional<String> dir();
    }

    /** Mail delivery from the outbox. */
    interface Mail {
        /** The sender address (QUARKUS_MAILER_FROM, when set, wins). */
        @WithDefault("identity@localhost")
        String from();

        /** How often the dispatcher looks for mail to send. */
        @WithDefault("1s")
        String dispatchEvery();

        /**
         * How long one message may take to hand to SMTP before the attempt counts as failed and is retried; a
         * server that stops answering mid-session must not hold the dispatcher.
         */
        @WithDefault("30s")
        Duration sendTimeout();

        /**
         * How long one step of the SMTP conversation may take: the connect, and each reply (the greeting
         * included). A relay that accepts and then says nothing is given up after this.
         */
        @WithDefault("10s")
        Duration stepTimeout();

        /**
         * How long a claimed batch is this instance's alone; another instance (or this one restarted) takes over
         * what is still unsent after it, so it is also how late a crashed instance's claimed mail can be. Raised,
         * if need be, to a connection's share of a batch at the send timeout plus margins.
         */
        @WithDefault("2m")
        Duration lease();

        /**
         * How long an SMTP connection may lie idle between batches and still carry the next one (checked with a
         * NOOP first); past it the connection is closed. At most a minute (DESIGN.md 6: NAT gateways and load
         * balancers drop idle flows without a word); 0 opens a connection per batch.
         */
        @WithDefault("10s")
        Duration reuseWithin();

        /**
         * When the oldest mail still waiting has waited longer than this, the {@code mail} health check (in
         * {@code /q/health}, not in readiness) is DOWN.
         */
        @WithDefault("5m")
        Duration stallThreshold();
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
