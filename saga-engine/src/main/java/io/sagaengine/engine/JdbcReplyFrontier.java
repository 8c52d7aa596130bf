package io.sagaengine.engine;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reply frontier in the orchestrator's database ({@code saga_reply_frontier}), shared by every instance: each
 * records how far it has read the partitions it owns, and each instance's deadline poller fires deadlines only up
 * to the oldest partition of all. A reply topic with no rows yet (no instance has read it) holds every deadline.
 */
final class JdbcReplyFrontier implements ReplyFrontier {

    /** Where a partition stands before anyone has read it: nothing may fire on its account. */
    static final Instant NEVER_READ = Instant.EPOCH;

    private static final String DUE_BY = """
            SELECT count(DISTINCT topic), min(read_through) FROM saga_reply_frontier WHERE topic = ANY (?)""";
    private static final String ADVANCE = """
            INSERT INTO saga_reply_frontier (topic, partition, read_through, reader, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (topic, partition) DO UPDATE
               SET read_through = greatest(saga_reply_frontier.read_through, EXCLUDED.read_through),
                   reader = EXCLUDED.reader, updated_at = EXCLUDED.updated_at
             WHERE saga_reply_frontier.read_through < EXCLUDED.read_through""";
    private static final String DECLARE = """
            INSERT INTO saga_reply_frontier (topic, partition, read_through, reader, updated_at)
            VALUES (?, ?, ?, NULL, now()) ON CONFLICT (topic, partition) DO NOTHING""";
    private static final String LAGGING = """
            SELECT topic, partition, read_through FROM saga_reply_frontier WHERE topic = ANY (?)
             ORDER BY read_through, topic, partition LIMIT 1""";

    private final JdbcTemplate jdbc;
    private final String[] replyTopics;

    JdbcReplyFrontier(JdbcTemplate jdbc, Set<String> replyTopics) {
        this.jdbc = jdbc;
        this.replyTopics = replyTopics.stream().sorted().toArray(String[]::new);
    }

    @Override
    public Instant deadlinesDueBy(Instant now) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement(DUE_BY);
            ps.setArray(1, con.createArrayOf("varchar", replyTopics));
            return ps;
        }, rs -> {
            rs.next();
            Timestamp oldest = rs.getTimestamp(2);
            if (rs.getInt(1) < replyTopics.length || oldest == null) {
                return NEVER_READ;
            }
            Instant readThrough = oldest.toInstant();
            return readThrough.isBefore(now) ? readThrough : now;
        });
    }

    /** The partition read least far, for telling operators why deadlines wait; null if none is known. */
    Lagging lagging() {
        return jdbc.query(con -> {
            var ps = con.prepareStatement(LAGGING);
            ps.setArray(1, con.createArrayOf("varchar", replyTopics));
            return ps;
        }, rs -> rs.next() ? new Lagging(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant()) : null);
    }

    record Lagging(String topic, int partition, Instant readThrough) {
    }

    /** Moves partitions' frontiers forward (never back). */
    void advance(Map<Partition, Instant> readThrough, String reader) {
        if (readThrough.isEmpty()) {
            return;
        }
        List<Map.Entry<Partition, Instant>> rows = List.copyOf(readThrough.entrySet());
        jdbc.batchUpdate(ADVANCE, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.getKey().topic());
            ps.setInt(2, row.getKey().partition());
            ps.setTimestamp(3, Timestamp.from(row.getValue()));
            ps.setString(4, reader);
        });
    }

    /** Makes every partition of the reply topics count, read or not, so an unread one holds the deadlines. */
    void declare(List<Partition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(DECLARE, partitions, partitions.size(), (ps, p) -> {
            ps.setString(1, p.topic());
            ps.setInt(2, p.partition());
            ps.setTimestamp(3, Timestamp.from(NEVER_READ));
        });
    }

    record Partition(String topic, int partition) {
    }
}
