package io.sagaengine.engine;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Deletes finished sagas with their history from the engine's tables. */
final class JdbcSagaPurge {

    /** A finished saga locked for deletion. */
    record Finished(UUID id, String type) {
    }

    /** The statuses a saga never leaves: the only ones purged. */
    static final String FINISHED = Arrays.stream(SagaStatus.values()).filter(SagaStatus::isTerminal)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    // no ORDER BY: every saga finished before the cutoff goes in the same run, and the index on
    // (status, progressed_at) finds them without sorting; SKIP LOCKED leaves rows another purger (or an input
    // being handled) holds to that one
    private static final String LOCK = "SELECT id, type FROM saga_instance WHERE status IN " + FINISHED
            + " AND progressed_at < ? LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String DELETE_HISTORY = "DELETE FROM saga_history WHERE saga_id = ANY (?)";
    /** Replies held for a finished saga could only be recorded as late: they go with it. */
    private static final String DELETE_HELD_REPLIES = "DELETE FROM saga_held_reply WHERE saga_id = ANY (?)";
    private static final String DELETE_SAGAS = "DELETE FROM saga_instance WHERE id = ANY (?) AND status IN " + FINISHED;
    private static final String OLDEST = "SELECT min(progressed_at) FROM saga_instance WHERE status IN " + FINISHED;

    /**
     * Records of replies that named no saga, older than a number of seconds: the history of a saga that exists (one
     * created after its reply came) goes with the saga instead. By the partial index on REPLY_UNMATCHED rows.
     */
    static final String UNMATCHED_REPLIES = "kind = 'REPLY_UNMATCHED' AND at < now() - make_interval(secs => ?) "
            + "AND NOT EXISTS (SELECT 1 FROM saga_instance s WHERE s.id = saga_history.saga_id)";

    private final JdbcTemplate jdbc;

    JdbcSagaPurge(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks up to {@code limit} sagas that finished before {@code cutoff}, for the caller's transaction. */
    List<Finished> lockFinishedBefore(Instant cutoff, int limit) {
        return jdbc.query(LOCK, (rs, n) -> new Finished(rs.getObject("id", UUID.class), rs.getString("type")),
                OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), limit);
    }

    /**
     * Deletes the sagas (still finished), their history and the replies held for them; returns how many sagas were
     * deleted.
     */
    int delete(List<UUID> sagaIds) {
        UUID[] ids = sagaIds.toArray(UUID[]::new);
        deleteByIds(DELETE_HISTORY, ids);
        deleteByIds(DELETE_HELD_REPLIES, ids);
        return deleteByIds(DELETE_SAGAS, ids);
    }

    /** When the longest-finished saga still kept finished; empty when none is kept. */
    Optional<Instant> oldestFinished() {
        return Optional.ofNullable(jdbc.queryForObject(OLDEST, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private int deleteByIds(String sql, UUID[] ids) {
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setArray(1, con.createArrayOf("uuid", ids));
            return ps;
        });
    }
}
