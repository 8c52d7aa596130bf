package io.sagaengine.engine;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link SagaQueries} and {@link SagaCensus} on the engine's tables. */
final class JdbcSagaQueries implements SagaQueries, SagaCensus {

    private static final String HISTORY = """
            SELECT id, at, kind, step, from_state, to_state, event, message_id, message_type, causation_id, request_id,
                   payload, actor, reason, commands
              FROM saga_history WHERE saga_id = ? ORDER BY id""";
    /** The event of the transition that led into NEEDS_ATTENTION last: a backwards walk of one saga's history. */
    private static final String PARKED_BY = """
            CASE WHEN status = 'NEEDS_ATTENTION' THEN (
                SELECT h.event FROM saga_history h
                 WHERE h.saga_id = saga_instance.id AND h.kind = 'TRANSITION' AND h.to_state = 'NEEDS_ATTENTION'
                 ORDER BY h.id DESC LIMIT 1) END AS parked_by""";
    private static final String UNFINISHED = """
            SELECT type, status, state, count(*) AS sagas, min(started_at) AS oldest_started_at,
                   count(paused_at) AS paused
              FROM saga_instance WHERE status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION')
             GROUP BY type, status, state""";
    private static final String UNDEFINED_TYPES = """
            SELECT type, sum(in_flight) AS in_flight, sum(held) AS held FROM (
                SELECT type, count(*) AS in_flight, 0 AS held FROM saga_instance
                 WHERE status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION') AND type <> ALL (?) GROUP BY type
                UNION ALL
                SELECT saga_type, 0, count(*) FROM saga_held_reply WHERE saga_type <> ALL (?) GROUP BY saga_type
            ) undefined GROUP BY type ORDER BY type""";
    private static final String UNFINISHED_BY_VERSION = """
            SELECT type, definition_version, count(*) AS in_flight
              FROM saga_instance WHERE status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION')
             GROUP BY type, definition_version ORDER BY type, definition_version""";
    private static final String UNDEFINED_VERSIONS = """
            SELECT type, definition_version, sum(in_flight) AS in_flight, sum(held) AS held FROM (
                SELECT type, definition_version, count(*) AS in_flight, 0 AS held FROM saga_instance
                 WHERE status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION') AND type = ANY (?)
                 GROUP BY type, definition_version
                UNION ALL
                SELECT s.type, s.definition_version, 0, count(*) FROM saga_held_reply h
                  JOIN saga_instance s ON s.id = h.saga_id
                 WHERE h.saga_type = ANY (?) GROUP BY s.type, s.definition_version
            ) counted
             WHERE (type, definition_version) NOT IN (SELECT * FROM unnest(?::varchar[], ?::integer[]))
             GROUP BY type, definition_version ORDER BY type, definition_version""";

    private final JdbcTemplate jdbc;
    private final SagaJson json;
    private final Clock clock;
    private final String[] definedTypes;
    private final Set<SagaVersion> definedVersions;

    /**
     * @param definedVersions the saga types and their definition versions this instance's build defines
     */
    JdbcSagaQueries(JdbcTemplate jdbc, SagaJson json, Clock clock, Set<SagaVersion> definedVersions) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.definedVersions = Set.copyOf(definedVersions);
        this.definedTypes = definedVersions.stream().map(SagaVersion::type).distinct().sorted().toArray(String[]::new);
    }

    @Override
    public Optional<SagaView> find(UUID sagaId) {
        Optional<SagaRecord> saga = jdbc.query("SELECT " + JdbcSagaStore.COLUMNS + " FROM saga_instance WHERE id = ?",
                (rs, n) -> JdbcSagaStore.read(rs, json), sagaId).stream().findFirst();
        return saga.map(s -> view(s, timeline(sagaId), json, definedVersions.contains(s.definition())));
    }

    /** The saga's timeline: each row read back as the entries it holds (a transition carries its reply and commands). */
    private List<TimelineEntry> timeline(UUID sagaId) {
        List<TimelineEntry> timeline = new ArrayList<>();
        jdbc.query(HISTORY, rs -> {
            HistoryEntry columns = new HistoryEntry(
                    sagaId,
                    JdbcSagaStore.time(rs, "at"),
                    TimelineEntry.Kind.valueOf(rs.getString("kind")),
                    rs.getString("step"),
                    rs.getString("from_state"),
                    rs.getString("to_state"),
                    rs.getString("event"),
                    rs.getObject("message_id", UUID.class),
                    rs.getString("message_type"),
                    rs.getObject("causation_id", UUID.class),
                    rs.getObject("request_id", UUID.class),
                    rs.getString("payload"),
                    rs.getString("actor"),
                    rs.getString("reason"));
            timeline.addAll(HistoryRow.timeline(rs.getLong("id"), columns, json.tree(rs.getString("commands")), json));
        }, sagaId);
        return timeline;
    }

    /** The public view of a stored saga. */
    static SagaView view(SagaRecord s, List<TimelineEntry> timeline, SagaJson json, boolean definedHere) {
        List<SagaView.StepView> steps = s.steps().stream().map(step -> new SagaView.StepView(step.name(),
                step.status(), step.phaseAttempts(), step.requestId(), step.attempts(), step.compensationAttempts(),
                step.detail())).toList();
        return new SagaView(s.id(), s.type(), s.status(), s.state(), steps, s.startedAt(), s.updatedAt(), s.version(),
                json.tree(s.data()), s.deadlineAt(), s.parkedState(), s.outcome(), s.progressedAt(), s.lastError(),
                timeline, s.definitionVersion(), definedHere, s.pausedAt());
    }

    @Override
    public SagaPage list(SagaSearch search) {
        StringBuilder sql = new StringBuilder("SELECT ").append(JdbcSagaStore.COLUMNS).append(", ").append(PARKED_BY)
                .append(" FROM saga_instance WHERE true");
        List<Object> args = new ArrayList<>();
        if (search.status() != null) {
            sql.append(" AND status = ?");
            args.add(search.status().name());
        }
        if (search.type() != null) {
            sql.append(" AND type = ?");
            args.add(search.type());
        }
        if (search.paused() != null) {
            sql.append(search.paused() ? " AND paused_at IS NOT NULL" : " AND paused_at IS NULL");
        }
        if (search.stuck()) {
            // a paused saga was stopped on purpose: stuck only if it needs attention
            sql.append(" AND (status = 'NEEDS_ATTENTION' OR (status IN ('RUNNING', 'COMPENSATING') AND progressed_at < ?"
                    + " AND paused_at IS NULL))");
            args.add(utc(clock.instant().minus(search.olderThan())));
        }
        if (search.cursor() != null) {
            SagaPage.Cursor after = SagaPage.Cursor.parse(search.cursor());
            sql.append(" AND (started_at, id) > (?, ?)");
            args.add(utc(after.startedAt()));
            args.add(after.id());
        }
        sql.append(" ORDER BY started_at, id LIMIT ?");
        args.add(search.limit() + 1);
        List<SagaPage.Summary> found = jdbc.query(sql.toString(), (rs, n) -> summary(JdbcSagaStore.read(rs, json),
                rs.getString("parked_by"), definedVersions), args.toArray());
        boolean more = found.size() > search.limit();
        List<SagaPage.Summary> page = more ? found.subList(0, search.limit()) : found;
        SagaPage.Summary last = page.isEmpty() ? null : page.get(page.size() - 1);
        String next = more ? SagaPage.Cursor.after(last).encode() : null;
        return new SagaPage(List.copyOf(page), next);
    }

    private static SagaPage.Summary summary(SagaRecord s, String parkedBy, Set<SagaVersion> definedVersions) {
        return new SagaPage.Summary(s.id(), s.type(), s.status(), s.state(), s.parkedState(), s.outcome(), s.version(),
                s.startedAt(), s.updatedAt(), s.progressedAt(), s.deadlineAt(), s.lastError(),
                parkedBy == null ? null : SagaEvent.valueOf(parkedBy), s.definitionVersion(),
                definedVersions.contains(s.definition()), s.pausedAt());
    }

    @Override
    public List<VersionInFlight> unfinishedByVersion() {
        return jdbc.query(UNFINISHED_BY_VERSION, (rs, n) -> {
            SagaVersion version = new SagaVersion(rs.getString("type"), rs.getInt("definition_version"));
            return new VersionInFlight(version.type(), version.version(), rs.getLong("in_flight"),
                    definedVersions.contains(version));
        });
    }

    @Override
    public List<UndefinedVersion> undefinedVersions() {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(UNDEFINED_VERSIONS);
            Array types = con.createArrayOf("varchar", definedTypes);
            ps.setArray(1, types);
            ps.setArray(2, types);
            ps.setArray(3, con.createArrayOf("varchar", SagaVersion.types(definedVersions)));
            ps.setArray(4, con.createArrayOf("integer", SagaVersion.versions(definedVersions)));
            return ps;
        }, (rs, n) -> new UndefinedVersion(rs.getString("type"), rs.getInt("definition_version"),
                rs.getLong("in_flight"), rs.getLong("held")));
    }

    @Override
    public List<Group> unfinished() {
        return jdbc.query(UNFINISHED, (rs, n) -> new Group(rs.getString("type"),
                SagaStatus.valueOf(rs.getString("status")), rs.getString("state"), rs.getLong("sagas"),
                JdbcSagaStore.time(rs, "oldest_started_at"), rs.getLong("paused")));
    }

    @Override
    public List<UndefinedType> undefinedTypes() {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(UNDEFINED_TYPES);
            Array defined = con.createArrayOf("varchar", definedTypes);
            ps.setArray(1, defined);
            ps.setArray(2, defined);
            return ps;
        }, (rs, n) -> new UndefinedType(rs.getString("type"), rs.getLong("in_flight"), rs.getLong("held")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
