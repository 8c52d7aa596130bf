package io.sagaengine.engine;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link SagaFinder} on the engine's tables. The indexes it relies on ({@code saga_instance_status_progressed_at},
 * {@code saga_instance_type_started_at}, {@code saga_instance_started_at}) are checked against its plans by
 * {@code SagaFinderQueryPlansIT}.
 */
final class JdbcSagaFinder implements SagaFinder {

    /** The event of the transition that led into NEEDS_ATTENTION last, as the engine's listing reads it. */
    private static final String SAGAS = """
            SELECT * FROM (
                SELECT s.id, s.type, s.definition_version, s.status, s.state, s.parked_state, s.outcome, s.version,
                       s.started_at, s.updated_at, s.progressed_at, s.deadline_at, s.last_error, s.data, s.paused_at,
                       CASE WHEN s.status = 'NEEDS_ATTENTION' THEN (
                           SELECT h.event FROM saga_history h
                            WHERE h.saga_id = s.id AND h.kind = 'TRANSITION' AND h.to_state = 'NEEDS_ATTENTION'
                            ORDER BY h.id DESC LIMIT 1) END AS parked_by
                  FROM saga_instance s) sagas
             WHERE true""";
    private static final String BY_TYPE_AND_STATUS = """
            SELECT type, status, count(*) AS sagas FROM saga_instance GROUP BY type, status ORDER BY type, status""";
    /** Stuck sagas grouped by why and where: the state they were parked in, or stand still in. */
    private static final String STUCK = """
            SELECT kind, type, state, count(*) AS sagas, min(progressed_at) AS since FROM (
                SELECT CASE WHEN s.status = 'NEEDS_ATTENTION' THEN
                           CASE WHEN (SELECT h.event FROM saga_history h
                                       WHERE h.saga_id = s.id AND h.kind = 'TRANSITION'
                                         AND h.to_state = 'NEEDS_ATTENTION'
                                       ORDER BY h.id DESC LIMIT 1) = 'PARK' THEN 'PARKED' ELSE 'NEEDS_ATTENTION' END
                       ELSE 'NO_PROGRESS' END AS kind,
                       s.type, coalesce(s.parked_state, s.state) AS state, s.progressed_at
                  FROM saga_instance s
                 WHERE s.status = 'NEEDS_ATTENTION'
                    OR (s.status IN ('RUNNING', 'COMPENSATING') AND s.progressed_at < ? AND s.paused_at IS NULL)) stuck
             GROUP BY kind, type, state ORDER BY count(*) DESC, kind, type, state""";
    private static final String OLDEST = """
            SELECT id, type, status, state, started_at FROM saga_instance
             WHERE status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION') ORDER BY started_at, id LIMIT 1""";

    /** A statement and its parameters. */
    record Query(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;
    private final Set<SagaVersion> definedVersions;
    private final String[] definedTypes;
    private final Integer[] definedVersionNumbers;

    /**
     * @param definedVersions the saga types and definition versions this instance's build defines
     */
    JdbcSagaFinder(JdbcTemplate jdbc, Set<SagaVersion> definedVersions) {
        this.jdbc = jdbc;
        List<SagaVersion> ordered = List.copyOf(definedVersions);
        this.definedVersions = Set.copyOf(definedVersions);
        this.definedTypes = SagaVersion.types(ordered);
        this.definedVersionNumbers = SagaVersion.versions(ordered);
    }

    @Override
    public SagaPage find(SagaCriteria criteria, int limit, String cursor) {
        if (limit < 1 || limit > SagaSearch.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + SagaSearch.MAX_LIMIT + ", was " + limit);
        }
        Query query = pageQuery(criteria, limit, cursor);
        List<SagaPage.Summary> found = jdbc.query(query.sql(), (rs, n) -> summary(rs, definedVersions),
                query.args());
        boolean more = found.size() > limit;
        List<SagaPage.Summary> page = more ? found.subList(0, limit) : found;
        SagaPage.Summary last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new SagaPage(List.copyOf(page), more ? SagaPage.Cursor.after(last).encode() : null);
    }

    @Override
    public SagaCount count(SagaCriteria criteria, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive, was " + cap);
        }
        Query query = countQuery(criteria, cap);
        Long count = jdbc.queryForObject(query.sql(), Long.class, query.args());
        long matched = count == null ? 0 : count;
        return matched > cap ? new SagaCount(cap, true) : new SagaCount(matched, false);
    }

    @Override
    public Optional<String> typeOf(UUID sagaId) {
        return jdbc.queryForList("SELECT type FROM saga_instance WHERE id = ?", String.class, sagaId).stream()
                .findFirst();
    }

    @Override
    public Map<UUID, Long> versions(Collection<UUID> sagaIds) {
        Map<UUID, Long> versions = new HashMap<>();
        if (sagaIds.isEmpty()) {
            return versions;
        }
        UUID[] ids = sagaIds.toArray(UUID[]::new);
        jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT id, version FROM saga_instance WHERE id = ANY(?)");
            statement.setArray(1, con.createArrayOf("uuid", ids));
            return statement;
        }, rs -> {
            versions.put(rs.getObject("id", UUID.class), rs.getLong("version"));
        });
        return versions;
    }

    @Override
    public SagaOverview overview(Instant stuckBefore) {
        List<SagaOverview.Count> byTypeAndStatus = jdbc.query(BY_TYPE_AND_STATUS, (rs, n) -> new SagaOverview.Count(
                rs.getString("type"), SagaStatus.valueOf(rs.getString("status")), rs.getLong("sagas")));
        List<SagaOverview.StuckGroup> stuck = jdbc.query(STUCK, (rs, n) -> new SagaOverview.StuckGroup(
                SagaCriteria.StuckKind.valueOf(rs.getString("kind")), rs.getString("type"), rs.getString("state"),
                rs.getLong("sagas"), time(rs, "since")), utc(stuckBefore));
        SagaOverview.Oldest oldest = jdbc.query(OLDEST, (rs, n) -> new SagaOverview.Oldest(
                rs.getObject("id", UUID.class), rs.getString("type"), SagaStatus.valueOf(rs.getString("status")),
                rs.getString("state"), time(rs, "started_at"))).stream().findFirst().orElse(null);
        return new SagaOverview(byTypeAndStatus, stuck, oldest);
    }

    /** The page's query: one row more than the limit, to know whether another page follows. */
    Query pageQuery(SagaCriteria criteria, int limit, String cursor) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SAGAS).append(where(criteria, args));
        if (cursor != null) {
            SagaPage.Cursor after = SagaPage.Cursor.parse(cursor);
            sql.append(" AND (started_at, id) > (?, ?)");
            args.add(utc(after.startedAt()));
            args.add(after.id());
        }
        sql.append(" ORDER BY started_at, id LIMIT ?");
        args.add(limit + 1);
        return new Query(sql.toString(), args.toArray());
    }

    /** The count's query: at most one saga more than the cap. */
    Query countQuery(SagaCriteria criteria, int cap) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT count(*) FROM (" + SAGAS + where(criteria, args) + " LIMIT ?) matching";
        args.add(cap + 1L);
        return new Query(sql, args.toArray());
    }

    private String where(SagaCriteria c, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        if (c.status() != null) {
            sql.append(" AND status = ?");
            args.add(c.status().name());
        }
        if (c.type() != null) {
            sql.append(" AND type = ?");
            args.add(c.type());
        }
        if (c.definitionVersion() != null) {
            sql.append(" AND definition_version = ?");
            args.add(c.definitionVersion());
        }
        if (c.definedHere() != null) {
            sql.append(c.definedHere() ? " AND " : " AND NOT ")
                    .append("(type, definition_version) IN (SELECT * FROM unnest(?::varchar[], ?::integer[]))");
            args.add(definedTypes);
            args.add(definedVersionNumbers);
        }
        if (c.paused() != null) {
            sql.append(c.paused() ? " AND paused_at IS NOT NULL" : " AND paused_at IS NULL");
        }
        if (c.stuck()) {
            // a saga paused on purpose makes no progress, and is not stuck for that
            sql.append(" AND (status = 'NEEDS_ATTENTION' OR (status IN ('RUNNING', 'COMPENSATING') AND progressed_at < ?"
                    + " AND paused_at IS NULL))");
            args.add(utc(c.stuckBefore()));
        }
        if (c.stuckKind() != null) {
            switch (c.stuckKind()) {
                case PARKED -> sql.append(" AND status = 'NEEDS_ATTENTION' AND parked_by = 'PARK'");
                case NEEDS_ATTENTION -> sql.append(" AND status = 'NEEDS_ATTENTION' AND parked_by IS DISTINCT FROM 'PARK'");
                case NO_PROGRESS -> {
                    sql.append(" AND status IN ('RUNNING', 'COMPENSATING') AND progressed_at < ? AND paused_at IS NULL");
                    args.add(utc(c.stuckBefore()));
                }
            }
        }
        if (c.step() != null) {
            // step names are lower case and a finished saga's state is COMPLETED or COMPENSATED (parked_state
            // null): only unfinished sagas stand at a step, and saying so lets the status index find them
            sql.append(" AND status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION')"
                    + " AND (state IN (?, ?) OR parked_state IN (?, ?))");
            String compensating = c.step() + ".compensating";
            args.add(c.step());
            args.add(compensating);
            args.add(c.step());
            args.add(compensating);
        }
        if (c.progressedBefore() != null) {
            sql.append(" AND progressed_at < ?");
            args.add(utc(c.progressedBefore()));
        }
        if (c.progressedAfter() != null) {
            sql.append(" AND progressed_at >= ?");
            args.add(utc(c.progressedAfter()));
        }
        if (c.search() != null) {
            // a saga id, or any top-level value of its data (the order id, the customer id, ...)
            sql.append(" AND (id::text = lower(?) OR CASE WHEN jsonb_typeof(data) = 'object' THEN EXISTS ("
                    + "SELECT 1 FROM jsonb_each_text(data) d WHERE d.value = ?) ELSE false END)");
            args.add(c.search());
            args.add(c.search());
        }
        return sql.toString();
    }

    private static SagaPage.Summary summary(ResultSet rs, Set<SagaVersion> definedVersions) throws SQLException {
        String parkedBy = rs.getString("parked_by");
        String type = rs.getString("type");
        int definitionVersion = rs.getInt("definition_version");
        return new SagaPage.Summary(rs.getObject("id", UUID.class), type,
                SagaStatus.valueOf(rs.getString("status")), rs.getString("state"), rs.getString("parked_state"),
                rs.getString("outcome"), rs.getLong("version"), time(rs, "started_at"), time(rs, "updated_at"),
                time(rs, "progressed_at"), time(rs, "deadline_at"), rs.getString("last_error"),
                parkedBy == null ? null : SagaEvent.valueOf(parkedBy), definitionVersion,
                definedVersions.contains(new SagaVersion(type, definitionVersion)), time(rs, "paused_at"));
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
