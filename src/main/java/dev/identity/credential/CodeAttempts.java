package dev.identity.credential;

import dev.identity.platform.Jdbc;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The one rule of every code a user types (a recovery flow's gates, the code that confirms a new recovery email, the
 * first code of an authenticator being registered): count the attempt, then compare, and lock on the fifth wrong
 * code. The attempt is counted in one conditional update before any comparison, so that neither a crash nor many
 * requests at once get more comparisons out of one code than the limit allows.
 */
@ApplicationScoped
public class CodeAttempts {

    /** Wrong codes a code takes; the last of them locks it. */
    public static final int MAX_WRONG_CODES = 5;

    /**
     * Where a code's attempts are counted: a table with {@code state}, {@code attempts} and {@code expires_at}
     * columns, whose pending row is found by {@code reserveBy} to count an attempt and by {@code lockBy} to lock
     * it; {@code alsoOnLock} is what a lock sets besides the state (SQL, empty for nothing). Names are constants of
     * ours, never input.
     */
    public record Counter(String table, String reserveBy, String lockBy, String alsoOnLock) {
    }

    private final Jdbc jdbc;

    CodeAttempts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts an attempt on the pending, unexpired row of {@code key} (its {@code reserveBy} column), if it takes
     * one more, and reads {@code columns} of it (SQL over the updated row); empty when it takes no more. Its own
     * transaction, committed before the caller compares: the attempt counts whatever happens next.
     */
    public <T> Optional<T> reserve(Counter counter, Object key, String columns, Jdbc.Row<T> row) {
        return QuarkusTransaction.requiringNew().call(() -> jdbc.first("with reserved as (update " + counter.table()
                + " set attempts = attempts + 1 where " + counter.reserveBy()
                + " = ? and state = 'pending' and attempts < ? and expires_at > now() returning " + columns
                + ") select * from reserved", row, key, MAX_WRONG_CODES));
    }

    /**
     * The problem answering a wrong code, the {@code attempts}th: on the last one the row of {@code key} (its
     * {@code lockBy} column) is locked first, in a
     * transaction of its own that commits whatever the caller does next, and {@code onLocked} runs in that
     * transaction when this request is the one that locked it. {@code lockedDetail} tells the user what now.
     */
    public ProblemException wrong(Counter counter, Object key, int attempts, String lockedDetail, Runnable onLocked) {
        int remaining = Math.max(0, MAX_WRONG_CODES - attempts);
        if (remaining == 0) {
            QuarkusTransaction.requiringNew().run(() -> {
                int locked = jdbc.update(Jdbc.Statement.of("update " + counter.table() + " set state = 'locked'"
                        + counter.alsoOnLock() + " where " + counter.lockBy() + " = ? and state = 'pending'", key));
                if (locked == 1) {
                    onLocked.run();
                }
            });
        }
        return ProblemException.of(ProblemType.INVALID_CODE, remaining == 0 ? lockedDetail : "The code is wrong.")
                .with("remainingAttempts", remaining);
    }

    /** Whether a code stopped taking attempts because of wrong ones, rather than by time or use. */
    public static boolean lockedOut(String state, int attempts) {
        return "locked".equals(state) || ("pending".equals(state) && attempts >= MAX_WRONG_CODES);
    }
}
