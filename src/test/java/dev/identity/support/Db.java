package dev.identity.support;

import dev.identity.platform.Jdbc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and arranges rows directly, for what the API does not show (hashes, sessions, audit rows), through the
 * service's own {@link Jdbc}. Parameters are written {@code ?1}, {@code ?2} (each may appear more than once) or
 * {@code ?} in order; each call is a transaction of its own.
 */
@ApplicationScoped
public class Db {

    private static final Pattern PARAMETER = Pattern.compile("\\?(\\d*)");

    @Inject
    Jdbc jdbc;

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
        Jdbc.Statement query = positional(sql, params);
        return QuarkusTransaction.requiringNew().call(() -> jdbc.list(query.sql(), row -> row.getObject(1),
                query.params().toArray()));
    }

    public int update(String sql, Object... params) {
        Jdbc.Statement write = positional(sql, params);
        return QuarkusTransaction.requiringNew().call(() -> jdbc.update(write));
    }

    /** The statement with plain {@code ?} placeholders, its parameters in their order. */
    private static Jdbc.Statement positional(String sql, Object[] params) {
        List<Object> bound = new ArrayList<>();
        StringBuilder jdbcSql = new StringBuilder();
        Matcher m = PARAMETER.matcher(sql);
        int next = 0;
        while (m.find()) {
            bound.add(params[m.group(1).isEmpty() ? next++ : Integer.parseInt(m.group(1)) - 1]);
            m.appendReplacement(jdbcSql, "?");
        }
        m.appendTail(jdbcSql);
        return new Jdbc.Statement(jdbcSql.toString(), bound);
    }
}
