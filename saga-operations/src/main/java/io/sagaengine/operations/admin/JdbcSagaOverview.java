package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The counts of the support overview: three aggregate queries on the engine's tables. */
@Component
class JdbcSagaOverview {

    record Count(String type, SagaStatus status, long count) {
    }

    record StuckGroup(StuckReason.Kind kind, String type, String state, long count, Instant since) {
    }

    record Oldest(UUID sagaId, String type, SagaStatus status, String state, Instant startedAt) {
    }

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
                    OR (s.status IN ('RUNNING', 'COMPENSATING') AND s.progressed_at < ?)) stuck
             GROUP BY kind, type, state ORDER BY count(*) DESC, kind, type, state""";
    private static final String OLDEST = """
            SELECT id, type, status, state, started_at FROM saga_instance
             WHERE status IN ('RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION') ORDER BY started_at, id LIMIT 1""";

    private final JdbcTemplate jdbc;

    JdbcSagaOverview(AdminReads reads) {
        this.jdbc = reads.jdbc();
    }

    List<Count> byTypeAndStatus() {
        return jdbc.query(BY_TYPE_AND_STATUS, (rs, n) -> new Count(rs.getString("type"),
                SagaStatus.valueOf(rs.getString("status")), rs.getLong("sagas")));
    }

    List<StuckGroup> stuck(Instant now, Duration olderThan) {
        return jdbc.query(STUCK, (rs, n) -> new StuckGroup(StuckReason.Kind.valueOf(rs.getString("kind")),
                rs.getString("type"), rs.getString("state"), rs.getLong("sagas"),
                JdbcSagaFinder.time(rs, "since")), JdbcSagaFinder.utc(now.minus(olderThan)));
    }

    Optional<Oldest> oldestInFlight() {
        return jdbc.query(OLDEST, (rs, n) -> new Oldest(rs.getObject("id", UUID.class), rs.getString("type"),
                SagaStatus.valueOf(rs.getString("status")), rs.getString("state"),
                JdbcSagaFinder.time(rs, "started_at"))).stream().findFirst();
    }
}
