package io.sagaengine.engine;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link SagaStore} on the {@code saga_instance} and {@code saga_history} tables. */
final class JdbcSagaStore implements SagaStore {

    static final String COLUMNS = "id, type, definition_version, status, state, parked_state, data, steps, outcome, "
            + "version, deadline_at, started_at, updated_at, progressed_at, last_error, paused_at, paused_deadline_at, "
            + "traceparent";

    // definition_version is written when a saga starts and when an operator migrates it, never by a transition;
    // traceparent only when it starts
    private static final String INSERT = "INSERT INTO saga_instance (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Indexed by {@link #updateIndex}: data, steps and the pause columns each written only when they changed. */
    private static final String[] UPDATES = new String[8];
    private static final String FIND = "SELECT " + COLUMNS + " FROM saga_instance WHERE id = ?";
    private static final String LOCK = FIND + " FOR UPDATE";
    // a paused saga has no deadline; the filter keeps one that an older build gave it while paused from firing here
    private static final String LOCK_DUE = "SELECT " + COLUMNS + " FROM saga_instance WHERE deadline_at <= ? "
            + "AND (type, definition_version) IN (SELECT * FROM unnest(?::varchar[], ?::integer[])) "
            + "AND paused_at IS NULL ORDER BY deadline_at LIMIT ? FOR UPDATE SKIP LOCKED";
    // a paused saga is not migrated (MigrationPlan refuses it): the pause columns stay as they are
    private static final String MIGRATE = "UPDATE saga_instance SET definition_version = ?, status = ?, state = ?, "
            + "parked_state = ?, data = ?::jsonb, steps = ?::jsonb, outcome = ?, version = ?, deadline_at = ?, "
            + "updated_at = ?, progressed_at = ?, last_error = ? WHERE id = ? AND version = ?";

    static {
        for (int i = 0; i < UPDATES.length; i++) {
            UPDATES[i] = updateOf((i & 1) != 0, (i & 2) != 0, (i & 4) != 0);
        }
    }
    private static final String APPEND = """
            INSERT INTO saga_history (saga_id, at, kind, step, from_state, to_state, event, message_id, message_type,
                                      causation_id, request_id, payload, actor, reason, commands)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb)""";

    private final JdbcTemplate jdbc;
    private final SagaJson json;
    private final RowMapper<SagaRecord> rows;

    JdbcSagaStore(JdbcTemplate jdbc, SagaJson json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, n) -> read(rs, json);
    }

    @Override
    public void insert(SagaRecord s) {
        jdbc.update(INSERT, ps -> {
            ps.setObject(1, s.id());
            ps.setString(2, s.type());
            ps.setInt(3, s.definitionVersion());
            ps.setString(4, s.status().name());
            ps.setString(5, s.state());
            ps.setString(6, s.parkedState());
            ps.setString(7, s.data());
            ps.setString(8, json.writeSteps(s.steps()));
            ps.setString(9, s.outcome());
            ps.setLong(10, s.version());
            setTime(ps, 11, s.deadlineAt());
            setTime(ps, 12, s.startedAt());
            setTime(ps, 13, s.updatedAt());
            setTime(ps, 14, s.progressedAt());
            ps.setString(15, s.lastError());
            setTime(ps, 16, s.pausedAt());
            setTime(ps, 17, s.pausedDeadlineAt());
            ps.setString(18, s.traceparent());
        });
    }

    @Override
    public boolean update(SagaRecord before, SagaRecord after) {
        if (after.definitionVersion() != before.definitionVersion()) {
            throw new IllegalArgumentException("saga " + after.id() + " changes its definition version only by migrate");
        }
        // the JSON columns are left out when they did not change, so PostgreSQL neither parses nor stores them anew
        boolean data = !after.data().equals(before.data());
        boolean steps = !after.steps().equals(before.steps());
        boolean pause = !Objects.equals(after.pausedAt(), before.pausedAt())
                || !Objects.equals(after.pausedDeadlineAt(), before.pausedDeadlineAt());
        return jdbc.update(UPDATES[updateIndex(data, steps, pause)], ps -> {
            int i = 1;
            ps.setString(i++, after.status().name());
            ps.setString(i++, after.state());
            ps.setString(i++, after.parkedState());
            if (data) {
                ps.setString(i++, after.data());
            }
            if (steps) {
                ps.setString(i++, json.writeSteps(after.steps()));
            }
            ps.setString(i++, after.outcome());
            ps.setLong(i++, after.version());
            setTime(ps, i++, after.deadlineAt());
            setTime(ps, i++, after.updatedAt());
            setTime(ps, i++, after.progressedAt());
            ps.setString(i++, after.lastError());
            if (pause) {
                setTime(ps, i++, after.pausedAt());
                setTime(ps, i++, after.pausedDeadlineAt());
            }
            ps.setObject(i++, after.id());
            ps.setLong(i, before.version());
        }) == 1;
    }

    @Override
    public boolean migrate(SagaRecord before, SagaRecord after) {
        return jdbc.update(MIGRATE, ps -> {
            int i = 1;
            ps.setInt(i++, after.definitionVersion());
            ps.setString(i++, after.status().name());
            ps.setString(i++, after.state());
            ps.setString(i++, after.parkedState());
            ps.setString(i++, after.data());
            ps.setString(i++, json.writeSteps(after.steps()));
            ps.setString(i++, after.outcome());
            ps.setLong(i++, after.version());
            setTime(ps, i++, after.deadlineAt());
            setTime(ps, i++, after.updatedAt());
            setTime(ps, i++, after.progressedAt());
            ps.setString(i++, after.lastError());
            ps.setObject(i++, after.id());
            ps.setLong(i, before.version());
        }) == 1;
    }

    private static int updateIndex(boolean data, boolean steps, boolean pause) {
        return (data ? 1 : 0) | (steps ? 2 : 0) | (pause ? 4 : 0);
    }

    /** The UPDATE that writes a saga, {@code data}, {@code steps} and the pause columns only when they changed. */
    private static String updateOf(boolean data, boolean steps, boolean pause) {
        return "UPDATE saga_instance SET status = ?, state = ?, parked_state = ?, "
                + (data ? "data = ?::jsonb, " : "") + (steps ? "steps = ?::jsonb, " : "")
                + "outcome = ?, version = ?, deadline_at = ?, updated_at = ?, progressed_at = ?, last_error = ?"
                + (pause ? ", paused_at = ?, paused_deadline_at = ?" : "")
                + " WHERE id = ? AND version = ?";
    }

    @Override
    public Optional<SagaRecord> find(UUID sagaId) {
        return jdbc.query(FIND, rows, sagaId).stream().findFirst();
    }

    @Override
    public Optional<SagaRecord> lock(UUID sagaId) {
        return jdbc.query(LOCK, rows, sagaId).stream().findFirst();
    }

    @Override
    public List<SagaRecord> lockDue(Instant now, Set<SagaVersion> versions, int limit) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(LOCK_DUE);
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setArray(2, con.createArrayOf("varchar", SagaVersion.types(versions)));
            ps.setArray(3, con.createArrayOf("integer", SagaVersion.versions(versions)));
            ps.setInt(4, limit);
            return ps;
        }, rows);
    }

    @Override
    public void append(List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<HistoryRow> rows = HistoryRow.of(entries);
        jdbc.batchUpdate(APPEND, rows, rows.size(), (ps, row) -> {
            HistoryEntry e = row.entry();
            ps.setObject(1, e.sagaId());
            setTime(ps, 2, e.at());
            ps.setString(3, e.kind().name());
            ps.setString(4, row.step());
            ps.setString(5, e.fromState());
            ps.setString(6, e.toState());
            ps.setString(7, e.event());
            ps.setObject(8, row.messageId());
            ps.setString(9, row.messageType());
            ps.setObject(10, row.causationId());
            ps.setObject(11, row.requestId());
            ps.setString(12, row.payload());
            ps.setString(13, e.actor());
            ps.setString(14, e.reason());
            ps.setString(15, json.writeCommands(row.commandColumn()));
        });
    }

    static SagaRecord read(ResultSet rs, SagaJson json) throws SQLException {
        return new SagaRecord(
                rs.getObject("id", UUID.class),
                rs.getString("type"),
                rs.getInt("definition_version"),
                SagaStatus.valueOf(rs.getString("status")),
                rs.getString("state"),
                rs.getString("parked_state"),
                rs.getString("data"),
                json.readSteps(rs.getString("steps")),
                rs.getString("outcome"),
                rs.getLong("version"),
                time(rs, "deadline_at"),
                time(rs, "started_at"),
                time(rs, "updated_at"),
                time(rs, "progressed_at"),
                rs.getString("last_error"),
                time(rs, "paused_at"),
                time(rs, "paused_deadline_at"),
                rs.getString("traceparent"));
    }

    static void setTime(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
