package dev.identity.platform;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain JDBC on the connection of the caller's transaction: the one way into every table (docs/layout.md). The hot
 * paths (recovery-start, sign-in, storing a new password) came here first, where Hibernate's work per query (result
 * mapping, flushes, entity bookkeeping) cost more than PostgreSQL's; the last entity followed, and the service has
 * no ORM to build at startup.
 *
 * <p>The connection comes from the datasource: within a JTA transaction Agroal hands out the one connection
 * enlisted in it. Outside a transaction a statement runs on a connection in autocommit: atomic on its own, which
 * is all a single read or a single {@link #writeAll} needs, without the transaction manager's begin and commit
 * around it.
 */
@ApplicationScoped
public class Jdbc {

    /** One insert, update or delete with {@code ?} placeholders, and its parameters in order. */
    public record Statement(String sql, List<Object> params) {

        private static final Pattern PLACEHOLDER = Pattern.compile("\\?(\\d*)");

        public static Statement of(String sql, Object... params) {
            return new Statement(sql, Arrays.asList(params));
        }

        /**
         * The same written with numbered placeholders: {@code ?1} is the first parameter wherever it stands, as
         * often as it stands (a plain {@code ?} takes the next one in order). For a value a statement uses twice.
         */
        public static Statement numbered(String sql, Object... params) {
            List<Object> bound = new ArrayList<>();
            StringBuilder plain = new StringBuilder();
            Matcher placeholder = PLACEHOLDER.matcher(sql);
            int next = 0;
            while (placeholder.find()) {
                String number = placeholder.group(1);
                bound.add(params[number.isEmpty() ? next++ : Integer.parseInt(number) - 1]);
                placeholder.appendReplacement(plain, "?");
            }
            placeholder.appendTail(plain);
            return new Statement(plain.toString(), bound);
        }
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A statement PostgreSQL or the driver refused; the {@link SQLException} is its cause. */
    public static final class Failure extends RuntimeException {
        Failure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final AgroalDataSource dataSource;

    Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first row of a query, if any. */
    public <T> Optional<T> first(String sql, Row<T> row, Object... params) {
        return run(sql, Arrays.asList(params), statement -> {
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.ofNullable(row.read(result)) : Optional.empty();
            }
        });
    }

    /** Every row of a query, in its order. */
    public <T> List<T> list(String sql, Row<T> row, Object... params) {
        return run(sql, Arrays.asList(params), statement -> {
            try (ResultSet result = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(row.read(result));
                }
                return rows;
            }
        });
    }

    /** One insert, update or delete; the number of rows it changed. */
    public int update(Statement write) {
        return run(write.sql(), write.params(), PreparedStatement::executeUpdate);
    }

    /**
     * Runs several writes as one statement, in one round trip: all but the last become data-modifying
     * {@code WITH} parts, which PostgreSQL runs exactly once each, to completion, whether or not anything reads
     * them. They all see the database as it was before the statement, so none may depend on another's effect.
     */
    public void writeAll(List<Statement> writes) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            Statement write = writes.get(i);
            if (i < writes.size() - 1) {
                sql.append(i == 0 ? "with " : ",\n").append('w').append(i).append(" as (").append(write.sql())
                        .append(')');
            } else {
                sql.append('\n').append(write.sql());
            }
            params.addAll(write.params());
        }
        run(sql.toString(), params, PreparedStatement::executeUpdate);
    }

    /** What is done with a prepared statement whose parameters are bound. */
    @FunctionalInterface
    private interface Work<R> {
        R on(PreparedStatement statement) throws SQLException;
    }

    /**
     * Prepares a statement on the connection of the caller's transaction (or one in autocommit), binds its
     * parameters, does the work.
     */
    private <R> R run(String sql, List<Object> params, Work<R> work) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, params);
            return work.on(statement);
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /** A {@code timestamptz} column of the current row, or null. */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Object> params)
            throws SQLException {
        int index = 1;
        for (Object value : params) {
            switch (value) {
                case null -> statement.setNull(index, Types.OTHER);
                case Instant instant -> statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
                case byte[] bytes -> statement.setBytes(index, bytes);
                case String[] strings -> statement.setArray(index, connection.createArrayOf("text", strings));
                case UUID[] ids -> statement.setArray(index, connection.createArrayOf("uuid", ids));
                case byte[][] byteArrays -> statement.setArray(index, connection.createArrayOf("bytea", byteArrays));
                case Long[] longs -> statement.setArray(index, connection.createArrayOf("bigint", longs));
                case Boolean[] booleans -> statement.setArray(index, connection.createArrayOf("boolean", booleans));
                default -> statement.setObject(index, value);
            }
            index++;
        }
    }
}
