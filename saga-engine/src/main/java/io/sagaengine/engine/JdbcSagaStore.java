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
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link SagaStore} on the {@code saga_instance} and {@code saga_history} tables. */
final class JdbcSagaStore implements SagaStore {

    static final String COLUMNS = "id, type, status, state, parked_state, data, steps, outcome, version, deadline_at, "
            + "started_at, updated_at, progressed_at, last_error";

    private static final String INSERT = "INSERT INTO saga_instance (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = """
            UPDATE saga_instance
               SET status = ?, state = ?, parked_state = ?, data = ?::jsonb, steps = ?::jsonb, outcome = ?,
                   version = ?, deadline_at = ?, updated_at = ?, progressed_at = ?, last_error = ?
             WHERE id = ? AND version = ?""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM saga_instance WHERE id = ?";
    private static final String LOCK_DUE = "SELECT " + COLUMNS + " FROM saga_instance WHERE deadline_at <= ? "
            + "AND type = ANY (?) ORDER BY deadline_at LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String APPEND = """
            INSERT INTO saga_history (saga_id, at, kind, step, from_state, to_state, event, message_id, message_type,
                                      causation_id, request_id, payload, actor, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""";

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
            ps.setString(3, s.status().name());
            ps.setString(4, s.state());
            ps.setString(5, s.parkedState());
            ps.setString(6, s.data());
            ps.setString(7, json.writeSteps(s.steps()));
            ps.setString(8, s.outcome());
            ps.setLong(9, s.version());
            setTime(ps, 10, s.deadlineAt());
            setTime(ps, 11, s.startedAt());
            setTime(ps, 12, s.updatedAt());
            setTime(ps, 13, s.progressedAt());
            ps.setString(14, s.lastError());
        });
    }

    @Override
    public boolean update(SagaRecord s, long expectedVersion) {
        return jdbc.update(UPDATE, ps -> {
            ps.setString(1, s.status().name());
            ps.setString(2, s.state());
            ps.setString(3, s.parkedState());
            ps.setString(4, s.data());
            ps.setString(5, json.writeSteps(s.steps()));
            ps.setString(6, s.outcome());
            ps.setLong(7, s.version());
            setTime(ps, 8, s.deadlineAt());
            setTime(ps, 9, s.updatedAt());
            setTime(ps, 10, s.progressedAt());
            ps.setString(11, s.lastError());
            ps.setObject(12, s.id());
            ps.setLong(13, expectedVersion);
        }) == 1;
    }

    @Override
    public Optional<SagaRecord> find(UUID sagaId) {
        return jdbc.query(FIND, rows, sagaId).stream().findFirst();
    }

    @Override
    public List<SagaRecord> lockDue(Instant now, Collection<String> types, int limit) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(LOCK_DUE);
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setArray(2, con.createArrayOf("varchar", types.toArray()));
            ps.setInt(3, limit);
            return ps;
        }, rows);
    }

    @Override
    public void append(List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(APPEND, entries, entries.size(), (ps, e) -> {
            ps.setObject(1, e.sagaId());
            setTime(ps, 2, e.at());
            ps.setString(3, e.kind().name());
            ps.setString(4, e.step());
            ps.setString(5, e.fromState());
            ps.setString(6, e.toState());
            ps.setString(7, e.event());
            ps.setObject(8, e.messageId());
            ps.setString(9, e.messageType());
            ps.setObject(10, e.causationId());
            ps.setObject(11, e.requestId());
            ps.setString(12, e.payload());
            ps.setString(13, e.actor());
            ps.setString(14, e.reason());
        });
    }

    static SagaRecord read(ResultSet rs, SagaJson json) throws SQLException {
        return new SagaRecord(
                rs.getObject("id", UUID.class),
                rs.getString("type"),
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
                rs.getString("last_error"));
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
