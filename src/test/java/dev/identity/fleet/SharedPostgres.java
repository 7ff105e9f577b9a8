package dev.identity.fleet;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One PostgreSQL server for several service processes, outside all of them: the embedded server binaries,
 * started by the test on 127.0.0.1 with a data directory of its own, so that it can be stopped and started
 * again on the same port with the same data (a database restart as the services see it).
 */
final class SharedPostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    SharedPostgres() throws IOException {
        this.dataDirectory = Files.createTempDirectory("identity-fleet-pg");
        this.port = Ports.free();
        start();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("create database identity");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized void start() throws IOException {
        server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200").start();
    }

    /** A fast shutdown: open connections are cut, as in a database restart or failover. */
    synchronized void stop() throws IOException {
        server.close();
        server = null;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/identity";
    }

    Connection connect() throws SQLException {
        return connect("identity");
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres",
                "postgres");
    }

    /** Runs a query and returns its rows, each as a list of strings. */
    List<List<String>> rows(String sql, Object... parameters) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var result = statement.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getString(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql, Object... parameters) {
        return Long.parseLong(rows(sql, parameters).get(0).get(0));
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            stop();
        }
        Ports.deleteTree(dataDirectory);
    }
}
