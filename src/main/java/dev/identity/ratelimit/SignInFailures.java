package dev.identity.ratelimit;

import dev.identity.IdentityConfig;
import dev.identity.platform.Jdbc;
import dev.identity.platform.SecretBox;
import dev.identity.policy.PasswordCandidate;
import dev.identity.policy.UserNames;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The "smart lockout" of sign-in (DESIGN.md 4.5): wrong passwords counted per account and client address, and
 * per account from every address a day, never per account alone, so that a stranger's guesses hold back the
 * stranger's address and not the owner.
 *
 * <ul>
 * <li>An address with {@code failures-per-account-and-address} wrong passwords for an account in the window is
 * refused for that account until the oldest of them leaves it.
 * <li>An account with {@code failures-per-account} wrong passwords in a day, from everywhere, refuses addresses
 * it does not know; a familiar address (the account signed in there in the last 30 days) is never held by it.
 * <li>The same wrong password again counts once: the guess is kept as a keyed hash of the password bound to the
 * account, truncated to 8 bytes (enough to tell a user's few retries apart, too short to be worth attacking
 * offline even with the key), and only for the day the failure counts.
 * </ul>
 *
 * Plain SQL counters over a table of failures rather than buckets: what is counted is distinct failures in a
 * sliding window, which a token bucket cannot express, and the sign-in path reads them in one query before the
 * hash and writes them with the audit event after it.
 */
@Startup
@ApplicationScoped
public class SignInFailures {

    /** How long a successful sign-in keeps its address familiar to the account. */
    static final Duration FAMILIAR_FOR = Duration.ofDays(30);
    private static final int GUESS_BYTES = 8;

    /**
     * Whether the address is familiar to the account, as a SQL expression over two parameters, the account's and
     * the address's keys: for the reads that need it (here, and recovery-start's spared daily mail cap).
     */
    public static final String FAMILIAR = "exists (select 1 from familiar_address a where a.account_key = ?"
            + " and a.address_key = ? and a.last_success_at > now() - interval '" + FAMILIAR_FOR.toDays() + " days')";

    private final SecretBox secrets;
    private final RateLimiter.Window perAccountAndAddress;
    private final RateLimiter.Window perAccount;
    private final boolean enabled;
    private final Jdbc jdbc;

    SignInFailures(SecretBox secrets, IdentityConfig config, Jdbc jdbc) {
        this.secrets = secrets;
        this.jdbc = jdbc;
        IdentityConfig.SignIn signIn = config.rateLimit().signIn();
        this.enabled = config.rateLimit().enabled();
        this.perAccountAndAddress = RateLimiter.window("sign-in.failures-per-account-and-address",
                signIn.failuresPerAccountAndAddress());
        this.perAccount = RateLimiter.window("sign-in.failures-per-account", signIn.failuresPerAccount());
    }

    /**
     * An account as asked and a client address, as keyed hashes, and the user name's canonical key they were made
     * from ({@link UserNames#key}), for the caller's lookup: computed once per request.
     */
    public record Keys(byte[] account, byte[] address, String userNameKey) {
    }

    /**
     * The keys of an account as asked (tenant and user name, whether or not it exists) and an address's limit key;
     * recovery-start keys its flows by the same account key.
     */
    public Keys keys(UUID tenantId, String userName, String addressLimitKey) {
        String userNameKey = UserNames.key(userName);
        return new Keys(secrets.hmac("limit-account", tenantId + "\u0000" + userNameKey),
                secrets.hmac("limit-address", addressLimitKey), userNameKey);
    }

    /** Why sign-in from here is held back for this account, and for how long; empty when it is not. */
    public record Hold(String limit, Duration retryAfter) {
    }

    /**
     * Whether sign-in for the account from the address is held back, in one read (in the caller's transaction, if
     * any). Counts the failures from this address in its window, and those from everywhere in the day unless the
     * address is familiar; the wait is until the failure that keeps the count at its limit leaves the window.
     */
    public Optional<Hold> hold(Keys keys) {
        if (!enabled) {
            return Optional.empty();
        }
        long here = perAccountAndAddress.period().toMillis();
        long day = perAccount.period().toMillis();
        long[] read = jdbc.first("""
                select
                    (select extract(epoch from (f.failed_at + ? * interval '1 millisecond' - now())) * 1000
                     from sign_in_failure f
                     where f.account_key = ? and f.address_key = ? and f.failed_at > now() - ? * interval '1 millisecond'
                     order by f.failed_at desc offset ? limit 1),
                    (select extract(epoch from (f.failed_at + ? * interval '1 millisecond' - now())) * 1000
                     from sign_in_failure f
                     where f.account_key = ? and f.failed_at > now() - ? * interval '1 millisecond'
                     order by f.failed_at desc offset ? limit 1),
                    """ + FAMILIAR,
                row -> new long[] {row.getObject(1) == null ? -1 : (long) Math.ceil(row.getDouble(1)),
                        row.getObject(2) == null ? -1 : (long) Math.ceil(row.getDouble(2)), row.getBoolean(3) ? 1 : 0},
                here, keys.account(), keys.address(), here, perAccountAndAddress.count() - 1,
                day, keys.account(), day, perAccount.count() - 1,
                keys.account(), keys.address()).orElseThrow();
        if (read[0] >= 0) {
            return Optional.of(new Hold("sign-in-failures-per-account-and-address", Duration.ofMillis(read[0] + 1)));
        }
        if (read[1] >= 0 && read[2] == 0) {
            return Optional.of(new Hold("sign-in-failures-per-account", Duration.ofMillis(read[1] + 1)));
        }
        return Optional.empty();
    }

    /** The write that counts a wrong password (once per distinct guess), for the caller's combined write. */
    public Jdbc.Statement failing(Keys keys, String password, Instant now) {
        byte[] guess = Arrays.copyOf(secrets.hmac("sign-in-guess",
                java.util.HexFormat.of().formatHex(keys.account()) + "\u0000" + PasswordCandidate.normalize(password)),
                GUESS_BYTES);
        return Jdbc.Statement.of("""
                insert into sign_in_failure (account_key, address_key, guess_key, failed_at) values (?, ?, ?, ?)
                on conflict (account_key, address_key, guess_key) do update set failed_at = excluded.failed_at""",
                keys.account(), keys.address(), guess, now);
    }

    /**
     * The writes of a successful sign-in: the address becomes (or stays) familiar, and its failures for the
     * account are forgotten. For the caller's combined write.
     */
    public List<Jdbc.Statement> succeeding(Keys keys, Instant now) {
        return List.of(
                Jdbc.Statement.of("""
                        insert into familiar_address (account_key, address_key, last_success_at) values (?, ?, ?)
                        on conflict (account_key, address_key) do update set last_success_at = excluded.last_success_at""",
                        keys.account(), keys.address(), now),
                Jdbc.Statement.of("delete from sign_in_failure where account_key = ? and address_key = ?",
                        keys.account(), keys.address()));
    }

    /** One of the purge's deletes: {@code ?1} is the cutoff, the purge's now less {@code keep}; %d the batch. */
    public record Purge(String sql, Duration keep) {
    }

    /** Failures past both windows, familiarity past 30 days. */
    public List<Purge> purges() {
        Duration keep = perAccount.period().compareTo(perAccountAndAddress.period()) > 0 ? perAccount.period()
                : perAccountAndAddress.period();
        return List.of(
                new Purge("delete from sign_in_failure where ctid in (select ctid from sign_in_failure"
                        + " where failed_at < ?1 limit %d)", keep),
                new Purge("delete from familiar_address where ctid in (select ctid from familiar_address"
                        + " where last_success_at < ?1 limit %d)", FAMILIAR_FOR));
    }
}
