package dev.identity.credential;

import dev.identity.IdentityConfig;
import dev.identity.audit.Actor;
import dev.identity.platform.RequestInfo;
import dev.identity.problem.ProblemException;
import dev.identity.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Argon2id hashing (RFC 9106) in the PHC string form, on a bounded pool sized to the cores. Hashing is
 * CPU-bound: when the pool's places (threads and queue) are all taken the caller gets 503 service-busy rather than an
 * ever longer wait.
 * Passwords reach this class already NFKC-normalised and are hashed as UTF-8.
 *
 * <p>The hash is {@link Argon2id}: vectorised Java where the JVM allows it, else the reference C implementation;
 * its 19 MiB per hash is native memory each pool thread reuses ({@link HashMemory}), where a plain Java
 * implementation allocates some 100 MB of heap per hash and, on a small heap, spends more time collecting it
 * than hashing (docs/benchmarks.md).
 *
 * <p>The pool is shared fairly (DESIGN.md 4.6): one caller, a client address (an IPv6 one by its /64) or a
 * user, may have at most {@code identity.hashing.caller-share} hashes running or waiting on this instance; one
 * more gets 429 rate-limited at once. So a flood from one of them fills its share and not the queue, and other
 * callers' sign-ins do not answer 503. The share is per instance because the pool is: the limits in PostgreSQL
 * (RateLimiter) bound what a caller does across instances.
 */
@Startup
@ApplicationScoped
public class PasswordHasher {

    private static final Duration WARM_UP_DELAY = Duration.ofSeconds(2);

    private final Argon2id argon2;
    private final ThreadPoolExecutor pool;
    /** Places in the pool, running or waiting: one is taken before a hash is submitted, and freed as it ends. */
    private final Semaphore capacity;
    /**
     * A hash of a random secret, verified against when there is no user, so both paths cost one hash. Made on a pool
     * thread while the service starts, off the startup's path (it loads libargon2 through JNA, a few hundred
     * milliseconds of a start); a verification that needs it before then waits for it.
     */
    private final Future<String> decoyHash;
    private final int share;
    /** Hashes running or waiting, per caller ("address:..." or "user:..."); a caller holding none is absent. */
    private final ConcurrentHashMap<String, Integer> holding = new ConcurrentHashMap<>();
    private final RequestInfo request;
    private final RateLimiter limits;

    PasswordHasher(IdentityConfig config, MeterRegistry registry, RequestInfo request, RateLimiter limits) {
        this.request = request;
        this.limits = limits;
        IdentityConfig.Hashing hashing = config.hashing();
        this.argon2 = new Argon2id(hashing.memoryKib(), hashing.iterations(), hashing.parallelism());
        int threads = hashing.poolSize() > 0 ? hashing.poolSize() : Runtime.getRuntime().availableProcessors();
        AtomicInteger counter = new AtomicInteger();
        // The bound is the permits, not the queue: a bounded queue is still full for a moment after a hash has
        // completed (its caller awake, its share released) and before the thread has taken the next task, and a
        // caller admitted by its share then got 503 although a place had come free.
        this.capacity = new Semaphore(threads + Math.max(1, hashing.queueCapacity()));
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "argon2-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.share = hashing.callerShare() > 0 ? hashing.callerShare()
                : Math.max(2, (threads + Math.max(1, hashing.queueCapacity())) / 8);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        // On a pool thread, like every hash: each thread that hashes keeps its hash memory (see HashMemory). By
        // libargon2: the same string, without the vectorised code's first, slow run. The first task of the pool, so
        // a hash that waits for it never waits behind it.
        this.decoyHash = pool.submit(() -> argon2.hashByReference(HexFormat.of().formatHex(secret)));
        Log.infof("Argon2id: %s", Argon2id.implementation());
        Gauge.builder("identity.hash.pool.queue", pool, p -> p.getQueue().size())
                .description("Password hashes waiting for a thread").register(registry);
        Gauge.builder("identity.hash.pool.active", pool, ThreadPoolExecutor::getActiveCount)
                .description("Password hashes running").register(registry);
    }

    /** Hashes a password with the configured parameters and a fresh random salt. */
    public String hash(String password) {
        return run(() -> hashNow(password));
    }

    /** Whether the password matches the stored hash; with no stored hash it spends the same work and says no. */
    public boolean verify(String password, String storedHash) {
        return run(() -> verifyNow(password, storedHash));
    }

    private String decoy() {
        try {
            return decoyHash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the decoy hash", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The decoy hash failed", e.getCause());
        }
    }

    /** Whether a stored hash was made with weaker parameters than those configured now. */
    public boolean needsRehash(String storedHash) {
        return argon2.needsRehash(storedHash);
    }

    private String hashNow(String password) {
        return argon2.hash(password);
    }

    private boolean verifyNow(String password, String storedHash) {
        if (Argon2id.isWellFormed(storedHash)) {
            return argon2.verify(password, storedHash); // ours, or an imported Argon2 hash
        }
        if (ImportedHashes.isVerifiable(storedHash)) {
            return ImportedHashes.verifyNonArgon2(password, storedHash); // bcrypt, PBKDF2, scrypt: until upgraded
        }
        argon2.verify(password, decoy()); // no usable hash: the same work, and no
        return false;
    }

    private <T> T run(Callable<T> work) {
        List<String> claimants = claimants();
        for (int i = 0; i < claimants.size(); i++) {
            if (holding.merge(claimants.get(i), 1, Integer::sum) > share) {
                release(claimants.subList(0, i + 1));
                throw refuse(claimants.get(i));
            }
        }
        try {
            return runInPool(work);
        } finally {
            release(claimants);
        }
    }

    /** Who the current request hashes for: its client address, and its user when known; none outside a request. */
    private List<String> claimants() {
        if (!Arc.container().requestContext().isActive()) {
            return List.of();
        }
        String address = request.clientAddress() == null ? null : "address:" + request.clientLimitKey();
        String user = request.userId().map(id -> "user:" + id).orElse(null);
        return Stream.of(address, user).filter(Objects::nonNull).toList();
    }

    private void release(List<String> claimants) {
        for (String claimant : claimants) {
            holding.computeIfPresent(claimant, (key, held) -> held == 1 ? null : held - 1);
        }
    }

    private ProblemException refuse(String claimant) {
        Actor actor = request.userId().map(u -> Actor.user(u, request.tenantId().orElse(null))).orElse(Actor.ANONYMOUS);
        return limits.refuse(new RateLimiter.Refusing(request.tenantId().orElse(null), actor,
                request.userId().orElse(null)), claimant.startsWith("user:") ? "hash-share-per-user"
                        : "hash-share-per-address", Duration.ofSeconds(1));
    }

    private <T> T runInPool(Callable<T> work) {
        if (!capacity.tryAcquire()) {
            throw ProblemException.busy("Too many password operations are waiting; try again shortly.",
                    Duration.ofSeconds(1));
        }
        // Freed once: by the task as it ends, or here when it is rejected or given up before it ran.
        AtomicBoolean freed = new AtomicBoolean();
        Runnable free = () -> {
            if (freed.compareAndSet(false, true)) {
                capacity.release();
            }
        };
        Future<T> future;
        try {
            future = pool.submit(() -> {
                try {
                    return work.call();
                } finally {
                    free.run();
                }
            });
        } catch (RejectedExecutionException e) {
            free.run();
            throw ProblemException.busy("The password pool is stopping; try again shortly.", Duration.ofSeconds(1));
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            free.run();
            throw new IllegalStateException("Interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Hashing failed", e.getCause());
        }
    }

    /**
     * The vectorised Argon2id's first hash runs before C2 has compiled it: one to two seconds of a core, paid here
     * a few seconds after the service has started rather than on the startup's path or by the first sign-in.
     */
    void warmUp(@Observes StartupEvent event) {
        if (!Argon2id.vectorised()) {
            return; // libargon2 runs at speed from its first hash
        }
        CompletableFuture.runAsync(() -> argon2.verify("warm-up", decoy()),
                CompletableFuture.delayedExecutor(WARM_UP_DELAY.toMillis(), TimeUnit.MILLISECONDS, pool));
    }

    void stop(@Observes ShutdownEvent event) {
        pool.shutdown();
    }
}
