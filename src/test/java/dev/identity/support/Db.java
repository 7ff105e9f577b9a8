package dev.identity.support;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and arranges rows directly, for what the API does not show (hashes, sessions, audit rows). Parameters are
 * written {@code ?1}, {@code ?2} (each may appear more than once) or {@code ?} in order; each call is a transaction of
 * its own.
 */
@ApplicationScoped
public class Db {

    private static final Pattern PARAMETER = Pattern.compile("\\?(\\d*)");

    @Inject
    AgroalDataSource dataSource;

    /** The first column of the one row the query answers (null when that value is null). */
    public Object single(String sql, Object... params) {
        List<Object> rows = list(sql, params);
        if (rows.isEmpty()) {
            throw new IllegalStateException("No row: " + sql);
        }
        return rows.get(0);
    }

    /** The first column of every row. */
    public List<Object> list(String sql, Object... params) {
        return run(sql, params, statement -> {
            List<Object> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getObject(1));
                }
            }
            return rows;
        });
    }

    public int update(String sql, Object... params) {
        return run(sql, params, PreparedStatement::executeUpdate);
    }

    private interface Work<T> {
        T on(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(String sql, Object[] params, Work<T> work) {
        List<Object> bound = new ArrayList<>();
        StringBuilder jdbcSql = new StringBuilder();
        Matcher m = PARAMETER.matcher(sql);
        int next = 0;
        while (m.find()) {
            int index = m.group(1).isEmpty() ? next++ : Integer.parseInt(m.group(1)) - 1;
            bound.add(params[index]);
            m.appendReplacement(jdbcSql, "?");
        }
        m.appendTail(jdbcSql);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(jdbcSql.toString())) {
                for (int i = 0; i < bound.size(); i++) {
                    Object value = bound.get(i);
                    statement.setObject(i + 1, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
                }
                return work.on(statement);
            }
        });
    }
}
