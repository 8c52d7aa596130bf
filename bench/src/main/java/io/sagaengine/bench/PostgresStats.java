package io.sagaengine.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What PostgreSQL did in the measured window: commits per database, WAL written and flushed (from
 * {@code pg_stat_database} and {@code pg_stat_wal}), the costliest statements ({@code pg_stat_statements}, when the
 * server preloads it) and the replication connections of the relays ({@code pg_stat_replication}).
 */
final class PostgresStats {

    private final String jdbcUrl;
    private final List<String> databases;
    private boolean statements;
    private Map<String, Long> commitsAtStart;
    private long[] walAtStart;
    private Map<String, Long> commitsAtEnd;
    private long[] walAtEnd;
    private final List<Object[]> topStatements = new ArrayList<>();
    private final List<String> replication = new ArrayList<>();
    private final List<String> transitionGaps = new ArrayList<>();
    private java.sql.Timestamp windowStart;

    PostgresStats(String jdbcUrl, List<String> databases) {
        this.jdbcUrl = jdbcUrl;
        this.databases = databases;
    }

    /** The server settings that decide its cost per transaction. */
    List<String> settings() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, setting, unit FROM pg_settings WHERE name IN ("
                     + "'server_version','shared_buffers','synchronous_commit','fsync','full_page_writes','wal_level',"
                     + "'max_wal_senders','max_replication_slots','max_connections','checkpoint_timeout','max_wal_size',"
                     + "'wal_writer_delay','commit_delay','shared_preload_libraries','work_mem') ORDER BY name")) {
            while (rs.next()) {
                String unit = rs.getString(3);
                lines.add(rs.getString(1) + "=" + rs.getString(2) + (unit == null ? "" : " (" + unit + ")"));
            }
        }
        return lines;
    }

    /** Creates the extension if the server preloads it; false if it does not. */
    boolean enableStatements() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SHOW shared_preload_libraries");
            rs.next();
            if (!rs.getString(1).contains("pg_stat_statements")) {
                return false;
            }
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statements = true;
            return true;
        }
    }

    void windowStarted() throws SQLException {
        windowStart = java.sql.Timestamp.from(java.time.Instant.now());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            commitsAtStart = commits(s);
            walAtStart = wal(s);
            if (statements) {
                s.execute("SELECT pg_stat_statements_reset()");
            }
        }
    }

    /** Reads the counters and views at the end of the window; {@link #report} prints them per saga. */
    void windowEnded() throws SQLException {
        java.sql.Timestamp windowEnd = java.sql.Timestamp.from(java.time.Instant.now());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            commitsAtEnd = commits(s);
            walAtEnd = wal(s);
            topStatements.clear();
            if (statements) {
                try (ResultSet rs = s.executeQuery("""
                        SELECT d.datname, s.calls, s.total_exec_time, s.mean_exec_time, s.rows,
                               regexp_replace(s.query, '\\s+', ' ', 'g')
                          FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                         ORDER BY s.total_exec_time DESC LIMIT 20""")) {
                    while (rs.next()) {
                        topStatements.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getDouble(3),
                                rs.getDouble(4), rs.getLong(5), rs.getString(6)});
                    }
                }
            }
            replication.clear();
            try (ResultSet rs = s.executeQuery("""
                    SELECT application_name, state, pg_wal_lsn_diff(pg_current_wal_lsn(), sent_lsn),
                           write_lag, flush_lag, replay_lag FROM pg_stat_replication ORDER BY application_name""")) {
                while (rs.next()) {
                    replication.add(String.format("  %s %s unsent=%d bytes write_lag=%s flush_lag=%s replay_lag=%s",
                            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
            // last, so that neither the window's commit counters nor its top statements include this query
            readTransitionGaps(c, windowEnd);
        }
    }

    void report(long sagas, Consumer<String> out) {
        if (commitsAtEnd == null) {
            return;
        }
        double per = Math.max(1, sagas);
        StringBuilder line = new StringBuilder("PostgreSQL commits per saga:");
        long all = 0;
        for (String db : databases) {
            long d = commitsAtEnd.getOrDefault(db, 0L) - commitsAtStart.getOrDefault(db, 0L);
            all += d;
            line.append(String.format(" %s %.2f", db, d / per));
        }
        out.accept(line.append(String.format(" (all %.2f)", all / per)).toString());
        out.accept(String.format("PostgreSQL WAL per saga: %.0f bytes, %.1f records, %.2f WAL writes, %.2f WAL fsyncs",
                (walAtEnd[0] - walAtStart[0]) / per, (walAtEnd[1] - walAtStart[1]) / per,
                (walAtEnd[2] - walAtStart[2]) / per, (walAtEnd[3] - walAtStart[3]) / per));
        if (statements) {
            out.accept("pg_stat_statements, top 20 by total execution time in the window "
                    + "(database, calls per saga, ms total, ms mean, rows per call, statement):");
            for (Object[] r : topStatements) {
                String query = (String) r[5];
                long calls = (Long) r[1];
                out.accept(String.format("  %-9s %6.2f %9.1f %7.3f %6.1f  %s", r[0], calls / per, (Double) r[2],
                        (Double) r[3], (Long) r[4] / (double) Math.max(1, calls),
                        query.length() > 170 ? query.substring(0, 170) + "..." : query));
            }
        }
        out.accept("pg_stat_replication at the end of the window (application, state, unsent WAL, lags):");
        replication.forEach(out);
        if (!transitionGaps.isEmpty()) {
            out.accept("time from a saga's transition to its next, by the step whose reply made the next (the "
                    + "orchestrator's commit, its relay, the broker, the participant's transaction, its relay, the "
                    + "broker, the reply applied), ms, sagas started in the window:");
            transitionGaps.forEach(out);
        }
    }

    /**
     * Where an order's time goes between the orchestrator's transitions: the engine writes one timeline row per
     * transition with the orchestrator's clock, so the gap between a saga's consecutive rows is one round trip
     * to a participant. The bench runs on the same machine, so its clock bounds the window.
     */
    private void readTransitionGaps(Connection c, java.sql.Timestamp windowEnd) throws SQLException {
        transitionGaps.clear();
        if (windowStart == null || !databases.contains("orders")) {
            return;
        }
        try (var ps = c.prepareStatement("""
                WITH window_sagas AS (
                    SELECT saga_id FROM saga_history WHERE kind = 'TRANSITION'
                     GROUP BY saga_id HAVING min(at) >= ? AND min(at) < ?),
                gaps AS (
                    SELECT h.step, row_number() OVER w AS n,
                           extract(epoch FROM h.at - lag(h.at) OVER w) * 1000 AS ms
                      FROM saga_history h JOIN window_sagas USING (saga_id)
                     WHERE h.kind = 'TRANSITION'
                    WINDOW w AS (PARTITION BY h.saga_id ORDER BY h.id))
                SELECT n, coalesce(step, '-'), count(*),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)
                  FROM gaps WHERE ms IS NOT NULL GROUP BY n, step
                HAVING count(*) >= 5 ORDER BY n, count(*) DESC""")) {
            ps.setTimestamp(1, windowStart);
            ps.setTimestamp(2, windowEnd);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    transitionGaps.add(String.format("  #%d %-10s n=%-6d p50 %7.1f  p90 %7.1f  p99 %7.1f",
                            rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5),
                            rs.getDouble(6)));
                }
            }
        } catch (SQLException e) {
            transitionGaps.add("  not available: " + e.getMessage()); // another schema, or no engine tables
        }
    }

    private Map<String, Long> commits(Statement s) throws SQLException {
        Map<String, Long> commits = new LinkedHashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT datname, xact_commit FROM pg_stat_database WHERE datname IS NOT NULL")) {
            while (rs.next()) {
                commits.put(rs.getString(1), rs.getLong(2));
            }
        }
        return commits;
    }

    /** WAL bytes (by LSN), records, writes and syncs so far. */
    private long[] wal(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, "
                + "wal_records, wal_write, wal_sync FROM pg_stat_wal")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
        }
    }

    /**
     * Applies server settings such as {@code commit_delay=100,commit_siblings=2} with {@code ALTER SYSTEM} and a
     * reload, for settings a reload applies (the server refuses the others by name).
     */
    void set(String settings, Consumer<String> progress) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String setting : settings.split(",")) {
                String[] nameValue = setting.trim().split("=", 2);
                if (nameValue.length != 2 || !nameValue[0].matches("[a-z_]+")) {
                    throw new IllegalArgumentException("--postgres-set takes name=value[,name=value...]: " + setting);
                }
                s.execute("ALTER SYSTEM SET " + nameValue[0] + " = '" + nameValue[1].replace("'", "''") + "'");
            }
            s.execute("SELECT pg_reload_conf()");
        }
        progress.accept("postgres: set " + settings + " (ALTER SYSTEM, reloaded)");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, io.sagaengine.testsupport.EmbeddedPostgresServer.USER,
                io.sagaengine.testsupport.EmbeddedPostgresServer.PASSWORD);
    }
}
