package io.sagaengine.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresCrashIT {

    @TempDir
    Path directory;

    @Test
    void aCrashedServerComesBackOnItsDataDirectoryAndPortWithCommittedWorkOnly() throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory.resolve("pg"), 0, true)) {
            String url = postgres.createDatabase("crash");
            int port = postgres.port();
            execute(url, "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            Connection open = connect(url);
            open.setAutoCommit(false);
            open.createStatement().execute("INSERT INTO t VALUES (2)"); // never committed
            long postmaster = postgres.postmasterPid().orElseThrow();

            postgres.crash();

            assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "postmaster gone");
            assertTrue(postgres.postmasterPid().isEmpty());
            assertThrows(SQLException.class, () -> open.createStatement().execute("SELECT 1"));
            assertThrows(SQLException.class, () -> connect(url));

            postgres.restart();

            assertEquals(port, postgres.port());
            try (Connection c = connect(url); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT string_agg(id::text, ',') FROM t")) {
                rows.next();
                assertEquals("1", rows.getString(1));
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
