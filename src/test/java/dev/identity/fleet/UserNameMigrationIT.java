package dev.identity.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 2: the migration that brings in the canonical user-name key computes it for the users already stored,
 * and, when the old rule let two users coexist that the new one makes one account, the packaged service refuses to
 * start, names them, and changes nothing; once an operator renames one of each pair, it starts and the names sign in
 * by their key.
 */
class UserNameMigrationIT {

    @Test
    void whenStoredUsersCollideUnderTheCanonicalKeyThenTheServiceRefusesToStartNamingThemAndChangesNothing()
            throws Exception {
        try (SharedPostgres postgres = new SharedPostgres()) {
            Flyway.configure().dataSource(postgres.jdbcUrl(), "postgres", "postgres")
                    .locations("classpath:db/migration").target("6").load().migrate();
            UUID tenant = UUID.randomUUID();
            UUID alice = UUID.randomUUID();
            UUID wideAlice = UUID.randomUUID();
            UUID strasse = UUID.randomUUID();
            UUID sharpS = UUID.randomUUID();
            try (Connection db = postgres.connect()) {
                try (PreparedStatement insert = db.prepareStatement("""
                        insert into tenant (id, domain, display_name, kind, self_service_reset, created_at, updated_at)
                        values (?, 'legacy.example', 'Legacy', 'customer', true, now(), now())""")) {
                    insert.setObject(1, tenant);
                    insert.executeUpdate();
                }
                // lower() told these apart, whatever the database's locale: full-width letters and ß stay as they are.
                for (Map.Entry<UUID, String> user : Map.of(alice, "alice@legacy.example",
                        wideAlice, "ａｌｉｃｅ@legacy.example", strasse, "strasse@legacy.example",
                        sharpS, "straße@legacy.example", UUID.randomUUID(), "bob@legacy.example").entrySet()) {
                    try (PreparedStatement insert = db.prepareStatement("""
                            insert into app_user (id, tenant_id, user_name, display_name, email, email_verified,
                                created_at, updated_at)
                            values (?, ?, ?, 'Legacy user', 'x@legacy.example', true, ?, ?)""")) {
                        insert.setObject(1, user.getKey());
                        insert.setObject(2, tenant);
                        insert.setString(3, user.getValue());
                        java.sql.Timestamp created = java.sql.Timestamp.from(Instant.now());
                        insert.setTimestamp(4, created);
                        insert.setTimestamp(5, created);
                        insert.executeUpdate();
                    }
                }
            }

            try (ServiceInstance refused = new ServiceInstance("user-name-collision", postgres.jdbcUrl(), Ports.free(),
                    Map.of())) {
                refused.launch();
                assertNotEquals(0, refused.awaitExit(Duration.ofSeconds(180)));
                String log = refused.logText();
                assertTrue(log.contains("group(s) of users have user names that are one account"), log);
                assertTrue(log.contains("'alice@legacy.example' (" + alice + ")")
                        && log.contains("'ａｌｉｃｅ@legacy.example' (" + wideAlice + ")"), log);
                assertTrue(log.contains("'strasse@legacy.example' (" + strasse + ")")
                        && log.contains("'straße@legacy.example' (" + sharpS + ")"), log);
                assertTrue(!log.contains("bob@legacy.example"), log);
            }
            assertEquals("6", postgres.rows("select max(version::int)::text from flyway_schema_history where success")
                    .get(0).get(0));
            assertEquals(0, postgres.count("""
                    select count(*) from information_schema.columns
                    where table_name = 'app_user' and column_name = 'user_name_key'"""));
            assertEquals(5, postgres.count("select count(*) from app_user"));

            postgres.rows("update app_user set user_name = 'alice.wide@legacy.example' where id = ? returning id",
                    wideAlice);
            postgres.rows("update app_user set user_name = 'strasse.old@legacy.example' where id = ? returning id",
                    strasse);
            try (ServiceInstance started = new ServiceInstance("user-name-migrated", postgres.jdbcUrl(), Ports.free(),
                    Map.of())) {
                started.start();
                List<List<String>> keys = postgres.rows(
                        "select id::text, user_name_key from app_user order by user_name_key");
                assertTrue(keys.contains(List.of(sharpS.toString(), "strasse@legacy.example")), keys.toString());
                assertTrue(keys.contains(List.of(alice.toString(), "alice@legacy.example")), keys.toString());
                assertEquals(409, started.asOperator().body(Map.of("userName", "STRASSE@legacy.example",
                        "displayName", "Again", "email", "again@legacy.example"))
                        .post("/api/v1/tenants/legacy.example/users").then().extract().statusCode());
            }
        }
    }
}
