package dev.identity.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flyway owns the schema; the audit table is append-only in the database itself. */
@QuarkusTest
class SchemaTest {

    @Inject
    Db db;

    @Test
    void whenTheServiceStartsThenFlywayHasAppliedEveryMigration() {
        Number failed = (Number) db.single("select count(*) from flyway_schema_history where not success");
        assertEquals(0L, failed.longValue());
        List<Object> tables = db.list("select table_name from information_schema.tables where table_schema = 'public' "
                + "and table_name in ('tenant', 'app_user', 'password_history', 'session', 'audit_event') "
                + "order by table_name");
        assertEquals(List.of("app_user", "audit_event", "password_history", "session", "tenant"), tables);
    }

    @Test
    void whenAnAuditEventIsUpdatedOrDeletedThenTheDatabaseRefuses() {
        db.update("insert into audit_event (id, occurred_at, type, actor_kind, outcome) "
                + "values (gen_random_uuid(), now(), 'test', 'system', 'success')");
        assertThrows(Exception.class, () -> db.update("update audit_event set reason = 'changed'"));
        assertThrows(Exception.class, () -> db.update("delete from audit_event"));
    }
}
