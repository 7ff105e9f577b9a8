package db.migration;

import dev.identity.policy.UserNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * One canonical key per user name (DESIGN.md 2), unique per tenant, in place of PostgreSQL's {@code lower()}, which
 * folds only ASCII under the C locale and depends on the database's locale otherwise. The key is computed here, in
 * Java, by the very function the service compares names with ({@link UserNames#key}): PostgreSQL has no Unicode
 * case folding.
 *
 * <p>Users that the old rule let coexist and the new one makes one account ({@code Émile} and {@code émile}) stop
 * the migration, and with it the start, naming each group: which of them stays is for an operator to decide (rename
 * the others with SQL, then start again). The migration runs in one transaction, so a refusal leaves the schema
 * and every row as they were. Users are streamed and their keys written in batches; PostgreSQL finds the groups.
 */
public class V7__canonical_user_name_key extends BaseJavaMigration {

    /** Rows read and keys written per round trip: the users are streamed, never all in memory. */
    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table app_user add column user_name_key text");
        }
        try (Statement read = connection.createStatement();
                PreparedStatement update = connection.prepareStatement(
                        "update app_user set user_name_key = ? where id = ?")) {
            read.setFetchSize(BATCH);
            try (ResultSet rows = read.executeQuery("select id, user_name from app_user")) {
                int pending = 0;
                while (rows.next()) {
                    update.setString(1, UserNames.key(rows.getString(2)));
                    update.setObject(2, rows.getObject(1, UUID.class));
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    update.executeBatch();
                }
            }
        }
        List<String> collisions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet groups = statement.executeQuery("""
                        select t.domain, string_agg(format('''%s'' (%s)', u.user_name, u.id), ', '
                                                    order by u.created_at, u.id)
                        from app_user u join tenant t on t.id = u.tenant_id
                        where (u.tenant_id, u.user_name_key) in (
                            select tenant_id, user_name_key from app_user
                            group by tenant_id, user_name_key having count(*) > 1)
                        group by t.domain, u.user_name_key order by t.domain, u.user_name_key""")) {
            while (groups.next()) {
                collisions.add("tenant " + groups.getString(1) + ": " + groups.getString(2));
            }
        }
        if (!collisions.isEmpty()) {
            throw new IllegalStateException("Cannot start: " + collisions.size() + " group(s) of users have user names "
                    + "that are one account under the canonical user-name key (NFKC and Unicode case folding, "
                    + "DESIGN.md 2). Keep one user of each group and rename the others (update app_user set "
                    + "user_name = ... where id = ...), then start again; nothing was changed. "
                    + String.join("; ", collisions));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table app_user alter column user_name_key set not null");
            statement.execute("drop index app_user_name_uk");
            statement.execute("create unique index app_user_name_key_uk on app_user (tenant_id, user_name_key)");
        }
    }
}
