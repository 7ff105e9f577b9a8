package dev.identity.support;

import dev.identity.platform.Jdbc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Reads and arranges rows directly, for what the API does not show (hashes, sessions, audit rows), through the
 * service's own {@link Jdbc}. Parameters are written {@code ?1}, {@code ?2} (each may appear more than once) or
 * {@code ?} in order; each call is a transaction of its own.
 */
@ApplicationScoped
public class Db {

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
        Jdbc.Statement query = Jdbc.Statement.numbered(sql, params);
        return QuarkusTransaction.requiringNew().call(() -> jdbc.list(query.sql(), row -> row.getObject(1),
                query.params().toArray()));
    }

    public int update(String sql, Object... params) {
        Jdbc.Statement write = Jdbc.Statement.numbered(sql, params);
        return QuarkusTransaction.requiringNew().call(() -> jdbc.update(write));
    }
}
