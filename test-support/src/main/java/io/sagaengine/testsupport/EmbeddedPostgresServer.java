package io.sagaengine.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 17 server from zonky's embedded binaries, configured for logical decoding.
 *
 * <p>zonky turns {@code synchronous_commit} off by default; logical decoding only reads flushed WAL, so
 * it is set back on, otherwise committed rows reach the relay late.
 *
 * <p>For crash tests a server on a kept data directory can be {@linkplain #crash() killed} (the postmaster and
 * every backend get SIGKILL, as in a power loss of the process tree) and {@linkplain #restart() started again}
 * on the same data directory and port; PostgreSQL then runs crash recovery from its WAL. zonky starts the
 * binaries itself (in a user namespace when run as root), so a restart goes through zonky again.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    /** The embedded server trusts local connections; some clients (Debezium's JDBC stores) insist on a value. */
    public static final String PASSWORD = "postgres";

    private final Path dataDirectory;
    private final boolean durable;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean durable) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.durable = durable;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where the cluster lives; {@code null} for a fresh temporary one
     * @param port the port, or 0 for a free one
     * @param durable false trades crash safety of the whole server for speed (tests only)
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable) {
        return new EmbeddedPostgresServer(launch(dataDirectory, port, durable), dataDirectory, durable);
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port, boolean durable) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    // group commit: a commit waits up to 0.5 ms for others to share its WAL flush, but only while
                    // at least two other transactions are open, so a quiet system never waits (docs/BENCHMARKS.md)
                    .setServerConfig("commit_delay", durable ? "500" : "0")
                    .setServerConfig("commit_siblings", "2")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false); // the owner stops it, after the services that use it
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /** The postmaster's process id, from {@code postmaster.pid} in the data directory; empty when it is not running. */
    public Optional<Long> postmasterPid() {
        if (dataDirectory == null) {
            return Optional.empty();
        }
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops the server as a crash would: SIGKILL to every backend and to the postmaster, no checkpoint, no
     * goodbye to clients. Returns once every process of the server is gone.
     */
    public void crash() {
        long pid = postmasterPid().orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        Signals.send(pid, "KILL"); // first, so it cannot start new backends or restart crashed ones
        backends.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (postmaster.isAlive() || backends.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL processes still alive 30 s after SIGKILL");
            }
            postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        releaseKilledServer();
    }

    /** Starts the server again on the same data directory and port, after {@link #crash()}; crash recovery runs. */
    public void restart() {
        if (postmasterPid().isPresent()) {
            throw new IllegalStateException("PostgreSQL is still running");
        }
        postgres = launch(requireDataDirectory(), postgres.getPort(), durable);
    }

    /**
     * Lets zonky release its lock on the data directory. It tries to stop the server first, fails (the server
     * is gone already) and logs that as an error.
     */
    private void releaseKilledServer() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // the server is gone; only the lock had to be released
        }
    }

    private Path requireDataDirectory() {
        if (dataDirectory == null) {
            throw new IllegalStateException("Only a server on a kept data directory can be crashed and restarted");
        }
        return dataDirectory;
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(USER, database);
    }

    /** Creates the database unless it exists; returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently
                throw new IllegalStateException("Could not create database " + name, e);
            }
        }
        return jdbcUrl(name);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
