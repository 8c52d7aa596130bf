package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaEvent;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sagas by every filter support staff use, read straight from the engine's tables ({@code saga_instance},
 * {@code saga_history}). Pages come in start order with the engine's cursor format, so a cursor from one listing
 * continues the other.
 */
@Component
class JdbcSagaFinder {

    /** The event of the transition that led into NEEDS_ATTENTION last, as the engine's listing reads it. */
    private static final String SAGAS = """
            SELECT * FROM (
                SELECT s.id, s.type, s.status, s.state, s.parked_state, s.outcome, s.version, s.started_at,
                       s.updated_at, s.progressed_at, s.deadline_at, s.last_error, s.data,
                       CASE WHEN s.status = 'NEEDS_ATTENTION' THEN (
                           SELECT h.event FROM saga_history h
                            WHERE h.saga_id = s.id AND h.kind = 'TRANSITION' AND h.to_state = 'NEEDS_ATTENTION'
                            ORDER BY h.id DESC LIMIT 1) END AS parked_by
                  FROM saga_instance s) sagas
             WHERE true""";

    /**
     * How many sagas a filter matched, read up to a cap.
     *
     * @param counted the sagas counted: all that match, or the cap
     * @param atLeast true when counting stopped at the cap: at least {@code counted} sagas match, maybe many more
     */
    record Count(long counted, boolean atLeast) {
    }

    private final AdminReads reads;
    private final JdbcTemplate jdbc;
    private final SagaTypesHere typesHere;
    private final int countCap;

    JdbcSagaFinder(AdminReads reads, SagaTypesHere typesHere, AdminReads.Settings settings) {
        this.reads = reads;
        this.jdbc = reads.jdbc();
        this.typesHere = typesHere;
        this.countCap = settings.countCap();
    }

    SagaPage page(SagaFilter filter, Instant now) {
        return reads.read(() -> readPage(filter, now));
    }

    private SagaPage readPage(SagaFilter filter, Instant now) {
        Query query = pageQuery(filter, now);
        List<SagaPage.Summary> found = jdbc.query(query.sql(), (rs, n) -> summary(rs), query.args());
        boolean more = found.size() > filter.limit();
        List<SagaPage.Summary> page = more ? found.subList(0, filter.limit()) : found;
        SagaPage.Summary last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new SagaPage(List.copyOf(page), more ? SagaPage.Cursor.after(last).encode() : null);
    }

    /** A statement and its parameters. */
    record Query(String sql, Object[] args) {
    }

    /** The page's query: one row more than the limit, to know whether another page follows. */
    Query pageQuery(SagaFilter filter, Instant now) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SAGAS).append(where(filter, now, args));
        if (filter.cursor() != null) {
            SagaPage.Cursor after = SagaPage.Cursor.parse(filter.cursor());
            sql.append(" AND (started_at, id) > (?, ?)");
            args.add(utc(after.startedAt()));
            args.add(after.id());
        }
        sql.append(" ORDER BY started_at, id LIMIT ?");
        args.add(filter.limit() + 1);
        return new Query(sql.toString(), args.toArray());
    }

    /** The count's query: at most one saga more than the cap. */
    Query countQuery(SagaFilter filter, Instant now) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT count(*) FROM (" + SAGAS + where(filter, now, args) + " LIMIT ?) matching";
        args.add(countCap + 1L);
        return new Query(sql, args.toArray());
    }

    /**
     * How many sagas match, the cursor and limit aside: at most {@code saga.admin.count-cap} are read, so a filter
     * that matches millions costs no more than one that matches the cap.
     */
    Count count(SagaFilter filter, Instant now) {
        Query query = countQuery(filter, now);
        Long count = reads.read(() -> jdbc.queryForObject(query.sql(), Long.class, query.args()));
        long matched = count == null ? 0 : count;
        return matched > countCap ? new Count(countCap, true) : new Count(matched, false);
    }

    /** The type of the saga with this id; empty if there is none. */
    Optional<String> typeOf(UUID sagaId) {
        return reads.read(() -> jdbc.queryForList("SELECT type FROM saga_instance WHERE id = ?", String.class, sagaId)
                .stream().findFirst());
    }

    private String where(SagaFilter f, Instant now, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        Object threshold = utc(now.minus(f.olderThan()));
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status().name());
        }
        if (f.type() != null) {
            sql.append(" AND type = ?");
            args.add(f.type());
        }
        if (f.definedHere() != null) {
            sql.append(f.definedHere() ? " AND type = ANY (?)" : " AND type <> ALL (?)");
            args.add(typesHere.names());
        }
        if (f.stuck()) {
            sql.append(" AND (status = 'NEEDS_ATTENTION' OR (status IN ('RUNNING', 'COMPENSATING') AND progressed_at < ?))");
            args.add(threshold);
        }
        if (f.stuckKind() != null) {
            switch (f.stuckKind()) {
                case PARKED -> sql.append(" AND status = 'NEEDS_ATTENTION' AND parked_by = 'PARK'");
                case NEEDS_ATTENTION -> sql.append(" AND status = 'NEEDS_ATTENTION' AND parked_by IS DISTINCT FROM 'PARK'");
                case NO_PROGRESS -> {
                    sql.append(" AND status IN ('RUNNING', 'COMPENSATING') AND progressed_at < ?");
                    args.add(threshold);
                }
            }
        }
        if (f.step() != null) {
            // step names are lower case and a finished saga's state is COMPLETED or COMPENSATED (parked_state
            // null): only unfinished sagas stand at a step, and saying so lets the status index find them
            sql.append(" AND status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION')"
                    + " AND (state IN (?, ?) OR parked_state IN (?, ?))");
            String compensating = f.step() + ".compensating";
            args.add(f.step());
            args.add(compensating);
            args.add(f.step());
            args.add(compensating);
        }
        if (f.progressedBefore() != null) {
            sql.append(" AND progressed_at < ?");
            args.add(utc(f.progressedBefore()));
        }
        if (f.progressedAfter() != null) {
            sql.append(" AND progressed_at >= ?");
            args.add(utc(f.progressedAfter()));
        }
        if (f.search() != null) {
            // a saga id, or any top-level value of its data (the order id, the customer id, ...)
            sql.append(" AND (id::text = lower(?) OR CASE WHEN jsonb_typeof(data) = 'object' THEN EXISTS ("
                    + "SELECT 1 FROM jsonb_each_text(data) d WHERE d.value = ?) ELSE false END)");
            args.add(f.search());
            args.add(f.search());
        }
        return sql.toString();
    }

    private static SagaPage.Summary summary(ResultSet rs) throws SQLException {
        String parkedBy = rs.getString("parked_by");
        return new SagaPage.Summary(rs.getObject("id", UUID.class), rs.getString("type"),
                SagaStatus.valueOf(rs.getString("status")), rs.getString("state"), rs.getString("parked_state"),
                rs.getString("outcome"), rs.getLong("version"), time(rs, "started_at"), time(rs, "updated_at"),
                time(rs, "progressed_at"), time(rs, "deadline_at"), rs.getString("last_error"),
                parkedBy == null ? null : SagaEvent.valueOf(parkedBy));
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
