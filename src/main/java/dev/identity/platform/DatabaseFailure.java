package dev.identity.platform;

import java.net.ConnectException;
import java.sql.SQLException;

/**
 * Tells a lost or refused database connection from other failures: while PostgreSQL restarts or fails over,
 * requests are answered 503 (not 500) and background work waits quietly for the next tick.
 */
public final class DatabaseFailure {

    private DatabaseFailure() {
    }

    /**
     * Whether the failure, at any depth, is a connection error (SQLSTATE class 08), the server shutting down or
     * starting (57P01 to 57P03), a refused TCP connection, or the pool's wait for a connection running out.
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                    return true;
                }
                if (state == null && String.valueOf(sql.getMessage()).startsWith("Acquisition timeout")) {
                    return true;
                }
            }
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause, in one line, for a log entry without a stack trace. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
