package db.migration;

import dev.identity.policy.UserNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * and every row as they were.
 */
public class V7__canonical_user_name_key extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table app_user add column user_name_key text");
        }
        record Row(UUID id, String userName, String tenantDomain) {
        }
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        select u.id, u.tenant_id, u.user_name, t.domain from app_user u join tenant t on t.id = u.tenant_id
                        order by t.domain, u.created_at, u.id""")) {
            while (rows.next()) {
                Row row = new Row(rows.getObject(1, UUID.class), rows.getString(3), rows.getString(4));
                byKey.computeIfAbsent(rows.getObject(2, UUID.class) + "\u0000" + UserNames.key(row.userName()),
                        k -> new ArrayList<>()).add(row);
            }
        }
        List<String> collisions = byKey.values().stream().filter(group -> group.size() > 1)
                .map(group -> "tenant " + group.get(0).tenantDomain() + ": " + String.join(", ", group.stream()
                        .map(r -> "'" + r.userName() + "' (" + r.id() + ")").toList()))
                .toList();
        if (!collisions.isEmpty()) {
            throw new IllegalStateException("Cannot start: " + collisions.size() + " group(s) of users have user names "
                    + "that are one account under the canonical user-name key (NFKC and Unicode case folding, "
                    + "DESIGN.md 2). Keep one user of each group and rename the others (update app_user set "
                    + "user_name = ... where id = ...), then start again; nothing was changed. "
                    + String.join("; ", collisions));
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update app_user set user_name_key = ? where id = ?")) {
            for (List<Row> group : byKey.values()) {
                Row row = group.get(0);
                update.setString(1, UserNames.key(row.userName()));
                update.setObject(2, row.id());
                update.addBatch();
            }
            update.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table app_user alter column user_name_key set not null");
            statement.execute("drop index app_user_name_uk");
            statement.execute("create unique index app_user_name_key_uk on app_user (tenant_id, user_name_key)");
        }
    }
}
