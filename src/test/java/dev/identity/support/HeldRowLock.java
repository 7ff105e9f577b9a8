package dev.identity.support;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * A transaction of the test's own that holds a row lock (as another request's transaction would), so that a
 * request is seen to wait on it, and what this transaction changes meanwhile is what that request finds once it
 * gets the row.
 */
public final class HeldRowLock implements AutoCloseable {

    private final Connection connection;

    private HeldRowLock(Connection connection) {
        this.connection = connection;
    }

    /** Locks the row ({@code select ... for update}) that {@code lockingSql} selects. */
    public static HeldRowLock take(AgroalDataSource dataSource, String lockingSql, Object... params)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        HeldRowLock held = new HeldRowLock(connection);
        try (PreparedStatement statement = held.prepare(lockingSql, params); ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("nothing to lock: " + lockingSql);
            }
        }
        return held;
    }

    /** Waits until another session waits on a lock in a statement containing {@code statementPart}. */
    public void awaitWaiter(String statementPart) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
            // pg_stat_activity is read once per transaction unless its snapshot is cleared.
            try (PreparedStatement clear = prepare("select pg_stat_clear_snapshot()")) {
                clear.execute();
            }
            try (PreparedStatement statement = prepare("""
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and pid <> pg_backend_pid() and query like ?""",
                    "%" + statementPart + "%"); ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        });
    }

    /** Runs a statement in the held transaction. */
    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql, params)) {
            return statement.executeUpdate();
        }
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
