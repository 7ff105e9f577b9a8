package dev.identity.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;
import java.util.function.Function;

/** Reads and arranges rows directly, for what the API does not show (hashes, sessions, audit rows). */
@ApplicationScoped
public class Db {

    @Inject
    EntityManager em;

    public Object single(String sql, Object... params) {
        return run(sql, params, Query::getSingleResult);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String sql, Object... params) {
        return run(sql, params, q -> (List<Object>) q.getResultList());
    }

    public int update(String sql, Object... params) {
        return run(sql, params, Query::executeUpdate);
    }

    private <T> T run(String sql, Object[] params, Function<Query, T> action) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Query query = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return action.apply(query);
        });
    }
}
