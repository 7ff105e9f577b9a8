package dev.identity.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Starts an embedded PostgreSQL server (a real server process shipped as a Maven artifact) when no
 * {@code quarkus.datasource.jdbc.url} is configured, so that one command runs the service on a fresh
 * machine. It must run before the datasource and Flyway read their configuration, hence a config
 * source rather than a startup observer.
 *
 * <p>The server outlives a dev-mode live reload: its JDBC URL is kept in a system property, which
 * survives the application class loader, and reused instead of starting a second server.
 */
public final class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String URL_PROPERTY = "dev.identity.embedded-postgres.jdbc-url";
    private static final String DATABASE = "identity";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isConfigured(context.getValue("quarkus.datasource.jdbc.url")) || isBuildTime()) {
            return List.of();
        }
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            boolean test = context.getProfiles().contains("test");
            url = start(test ? null : dataDirectory(context));
            System.setProperty(URL_PROPERTY, url);
        }
        Map<String, String> values = Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
        // Below application.properties (250) so that anything set there or in the environment wins.
        return List.of(new MapBackedConfigSource("embedded-postgres", values, 200) { });
    }

    private static boolean isConfigured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    /**
     * Quarkus reads configuration while it builds the application, and the test launcher reads it in the test
     * JVM before any application starts (for an integration test, before it launches the packaged one); no
     * server is wanted then. The application's own start comes through here again.
     */
    private static boolean isBuildTime() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName).anyMatch(
                c -> c.startsWith("io.quarkus.deployment.") || c.equals("io.quarkus.test.config.ConfigLauncherSession")
                        || c.equals("io.quarkus.test.junit.QuarkusIntegrationTestExtension")));
    }

    private static Path dataDirectory(ConfigSourceContext context) {
        ConfigValue configured = context.getValue("identity.embedded-db.dir");
        if (isConfigured(configured)) {
            return Path.of(configured.getValue());
        }
        return Path.of(System.getProperty("user.home"), ".identity-service", "postgres");
    }

    private static String start(Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            createDatabase(postgres);
            LOG.infof("Started embedded PostgreSQL on port %d (data: %s)", postgres.getPort(),
                    dataDirectory == null ? "temporary" : dataDirectory);
            return postgres.getJdbcUrl("postgres", DATABASE);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        }
    }
}
