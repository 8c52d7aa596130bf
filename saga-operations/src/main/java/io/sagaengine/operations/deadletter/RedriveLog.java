package io.sagaengine.operations.deadletter;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit of re-drives in the application's database ({@code dead_letter_redrive}). A re-drive is recorded
 * before its record is published, together with the record to publish; the unique (coordinates, attempt) key makes
 * the first re-drive of a record win and refuses a second one unless it is forced.
 */
final class RedriveLog {

    /** A re-drive not acknowledged yet, with the record it publishes. */
    record Pending(Redrive redrive, RedriveRecord record) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String COLUMNS = """
            id, dlt_topic, dlt_partition, dlt_offset, attempt, forced, actor, reason, requested_at, target_topic,
            message_id, published_at, target_partition, target_offset, last_error""";

    /** Inserts attempt 1, or the next attempt when forced; inserts nothing when the record was re-driven before. */
    private static final String RECORD = """
            INSERT INTO dead_letter_redrive (dlt_topic, dlt_partition, dlt_offset, attempt, forced, actor, reason,
                requested_at, target_topic, message_id, message_type, saga_id, record_key, record_value, record_headers)
            SELECT ?::varchar, ?::integer, ?::bigint, COALESCE(MAX(attempt), 0) + 1, ?::boolean, ?::varchar, ?::text,
                   ?::timestamptz, ?::varchar, ?::varchar, ?::varchar, ?::varchar, ?::bytea, ?::bytea, ?::jsonb
            FROM dead_letter_redrive WHERE dlt_topic = ? AND dlt_partition = ? AND dlt_offset = ?
            HAVING ?::boolean OR COUNT(*) = 0
            ON CONFLICT ON CONSTRAINT dead_letter_redrive_once DO NOTHING
            RETURNING\s""" + COLUMNS;

    private final JdbcTemplate jdbc;

    RedriveLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the re-drive of {@code letter} as pending.
     *
     * @return the recorded re-drive; empty when the record was re-driven before (and {@code forced} is false) or
     *         another re-drive of it was recorded at the same moment
     */
    Optional<Redrive> record(DeadLetter letter, RedriveRecord record, String actor, String reason, boolean forced,
                             Instant at) {
        Coordinates from = letter.at();
        List<Redrive> inserted = jdbc.query(RECORD, ps -> {
            ps.setString(1, from.topic());
            ps.setInt(2, from.partition());
            ps.setLong(3, from.offset());
            ps.setBoolean(4, forced);
            ps.setString(5, actor);
            ps.setString(6, reason);
            ps.setTimestamp(7, Timestamp.from(at));
            ps.setString(8, record.targetTopic());
            ps.setString(9, bounded(letter.messageId()));
            ps.setString(10, bounded(letter.messageType()));
            ps.setString(11, bounded(letter.sagaId()));
            setBytes(ps, 12, record.key());
            setBytes(ps, 13, record.value());
            ps.setString(14, headersJson(record.headers()));
            ps.setString(15, from.topic());
            ps.setInt(16, from.partition());
            ps.setLong(17, from.offset());
            ps.setBoolean(18, forced);
        }, ROW);
        return inserted.stream().findFirst();
    }

    void published(long id, int partition, long offset) {
        jdbc.update("""
                UPDATE dead_letter_redrive SET published_at = clock_timestamp(), target_partition = ?,
                    target_offset = ?, last_error = NULL
                WHERE id = ? AND published_at IS NULL""", partition, offset, id);
    }

    void failed(long id, String error) {
        jdbc.update("UPDATE dead_letter_redrive SET last_error = ? WHERE id = ? AND published_at IS NULL",
                error.length() > 1000 ? error.substring(0, 1000) : error, id);
    }

    /** Every re-drive of the record, oldest first. */
    List<Redrive> of(Coordinates at) {
        return of(at.topic(), List.of(at)).getOrDefault(at, List.of());
    }

    /** The re-drives of these records of one topic, oldest first per record; records never re-driven are absent. */
    Map<Coordinates, List<Redrive>> of(String topic, Collection<Coordinates> records) {
        if (records.isEmpty()) {
            return Map.of();
        }
        Integer[] partitions = records.stream().map(Coordinates::partition).toArray(Integer[]::new);
        Long[] offsets = records.stream().map(Coordinates::offset).toArray(Long[]::new);
        List<Redrive> found = jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT " + COLUMNS + """
                     FROM dead_letter_redrive
                    WHERE dlt_topic = ?
                      AND (dlt_partition, dlt_offset) IN (SELECT * FROM unnest(?::integer[], ?::bigint[]))
                    ORDER BY dlt_partition, dlt_offset, attempt""");
            ps.setString(1, topic);
            ps.setArray(2, con.createArrayOf("integer", partitions));
            ps.setArray(3, con.createArrayOf("bigint", offsets));
            return ps;
        }, ROW);
        Map<Coordinates, List<Redrive>> byRecord = new LinkedHashMap<>();
        found.forEach(r -> byRecord.computeIfAbsent(r.from(), k -> new ArrayList<>()).add(r));
        return byRecord;
    }

    /** How many distinct records of these offset ranges of the topic were re-driven. */
    long redrivenWithin(String topic, List<DeadLetterOffsets.Range> ranges) {
        if (ranges.isEmpty()) {
            return 0;
        }
        Integer[] partitions = ranges.stream().map(DeadLetterOffsets.Range::partition).toArray(Integer[]::new);
        Long[] begins = ranges.stream().map(DeadLetterOffsets.Range::begin).toArray(Long[]::new);
        Long[] ends = ranges.stream().map(DeadLetterOffsets.Range::end).toArray(Long[]::new);
        Long count = jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT count(DISTINCT (r.dlt_partition, r.dlt_offset))
                      FROM dead_letter_redrive r
                      JOIN unnest(?::integer[], ?::bigint[], ?::bigint[]) AS p(part, begins, ends)
                        ON r.dlt_partition = p.part AND r.dlt_offset >= p.begins AND r.dlt_offset < p.ends
                     WHERE r.dlt_topic = ?""");
            Array partitionArray = con.createArrayOf("integer", partitions);
            ps.setArray(1, partitionArray);
            ps.setArray(2, con.createArrayOf("bigint", begins));
            ps.setArray(3, con.createArrayOf("bigint", ends));
            ps.setString(4, topic);
            return ps;
        }, rs -> rs.next() ? rs.getLong(1) : 0L);
        return count == null ? 0 : count;
    }

    /**
     * Pending re-drives recorded before {@code before}, locked for the caller's transaction (skipping those another
     * instance holds).
     */
    List<Pending> lockPendingBefore(Instant before, int limit) {
        return jdbc.query("SELECT " + COLUMNS + """
                , record_key, record_value, record_headers
                 FROM dead_letter_redrive
                WHERE published_at IS NULL AND requested_at < ?
                ORDER BY id
                LIMIT ?
                FOR UPDATE SKIP LOCKED""", (rs, n) -> new Pending(ROW.mapRow(rs, n),
                new RedriveRecord(rs.getString("target_topic"), rs.getBytes("record_key"), rs.getBytes("record_value"),
                        headers(rs.getString("record_headers")))), Timestamp.from(before), limit);
    }

    /**
     * Deletes up to {@code limit} published re-drives of one DLT partition recorded before {@code before} whose
     * record the topic no longer holds (its offset is below {@code logStart}); rows another instance is deleting are
     * skipped. Returns how many were deleted.
     */
    int purgePublished(String topic, int partition, long logStart, Instant before, int limit) {
        return jdbc.update("""
                DELETE FROM dead_letter_redrive WHERE id IN (
                    SELECT id FROM dead_letter_redrive
                     WHERE dlt_topic = ? AND dlt_partition = ? AND dlt_offset < ?
                       AND published_at IS NOT NULL AND requested_at < ?
                     LIMIT ? FOR UPDATE SKIP LOCKED)""", topic, partition, logStart, Timestamp.from(before), limit);
    }

    private static final RowMapper<Redrive> ROW = (rs, n) -> new Redrive(rs.getLong("id"),
            new Coordinates(rs.getString("dlt_topic"), rs.getInt("dlt_partition"), rs.getLong("dlt_offset")),
            rs.getInt("attempt"), rs.getBoolean("forced"), rs.getString("actor"), rs.getString("reason"),
            instant(rs, "requested_at"), rs.getString("target_topic"), rs.getString("message_id"),
            instant(rs, "published_at"), (Integer) rs.getObject("target_partition"),
            (Long) rs.getObject("target_offset"), rs.getString("last_error"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void setBytes(java.sql.PreparedStatement ps, int index, byte[] bytes) throws SQLException {
        if (bytes == null) {
            ps.setNull(index, Types.BINARY);
        } else {
            ps.setBytes(index, bytes);
        }
    }

    private static String bounded(String text) {
        return text == null || text.length() <= 255 ? text : text.substring(0, 255);
    }

    static String headersJson(List<Header> headers) {
        ArrayNode array = JSON.createArrayNode();
        for (Header header : headers) {
            array.addObject().put("name", header.key())
                    .put("value", header.value() == null ? null : Base64.getEncoder().encodeToString(header.value()));
        }
        return JSON.writeValueAsString(array);
    }

    static List<Header> headers(String json) {
        List<Header> headers = new ArrayList<>();
        for (JsonNode header : JSON.readTree(json)) {
            JsonNode value = header.get("value");
            headers.add(new RecordHeader(header.get("name").asString(),
                    value == null || value.isNull() ? null : Base64.getDecoder().decode(value.asString())));
        }
        return headers;
    }
}
