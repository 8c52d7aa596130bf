package io.sagaengine.outbox.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the publication and the replication slot before the service accepts any write, and refuses to
 * replace a slot that was lost.
 *
 * <p>Outbox rows are deleted in the transaction that inserts them, so a row committed before the slot
 * exists would be lost for good. Creating the slot eagerly at start-up, by whichever instance gets there
 * first, closes that gap; the relay that later streams (maybe another instance) resumes from the slot.
 *
 * <p>Once the relay has streamed (its offsets are saved in {@value #OFFSETS_TABLE}), a missing or invalidated
 * slot means changes may have been lost: a new slot would silently start at the current WAL position. That
 * is reported instead, and only an operator who accepts the loss (by deleting the saved offsets, and dropping
 * an invalidated slot) lets the relay create a new one.
 */
final class ReplicationSetup {

    static final String OFFSETS_TABLE = "outbox_relay_offsets";

    private static final Logger log = LoggerFactory.getLogger(ReplicationSetup.class);
    private static final String DUPLICATE_OBJECT = "42710";
    /** What the publication carries: the outbox's inserts and the heartbeat's upserts. */
    static final String PUBLISHED = "insert, update";
    /** Creating a slot waits for the transactions running at that moment to end. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern LSN = Pattern.compile("\"lsn\"\\s*:\\s*(\\d+)");

    private ReplicationSetup() {
    }

    static SlotCheck ensure(RelaySettings settings) {
        try (Connection c = RelayConnections.open(settings, "setup", SOCKET_TIMEOUT)) {
            ensurePublication(c, settings.publicationName());
            return ensureSlot(c, settings);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare logical replication for the outbox of "
                    + settings.database() + ": " + Redaction.redact(e.getMessage()), e);
        }
    }

    /**
     * Why a slot can no longer be streamed from without a gap, or {@code null} while it is sound. Reads the
     * columns of {@code pg_replication_slots} that exist on the server: {@code wal_status} (13+),
     * {@code conflicting} (16+), {@code invalidation_reason} (17+); {@code null} for a column it lacks.
     */
    static String invalidation(String walStatus, Boolean conflicting, String invalidationReason) {
        if (invalidationReason != null) {
            return "invalidated, invalidation_reason " + invalidationReason + describe(invalidationReason);
        }
        if ("lost".equals(walStatus)) {
            return "invalidated, wal_status lost: PostgreSQL removed WAL the slot still needed";
        }
        if (Boolean.TRUE.equals(conflicting)) {
            return "invalidated by a conflict with recovery (conflicting = true)";
        }
        return null;
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "wal_removed" -> ": PostgreSQL removed WAL the slot still needed (max_slot_wal_keep_size)";
            case "rows_removed" -> ": catalog rows the slot needed were removed";
            case "wal_level_insufficient" -> ": wal_level was lowered below logical";
            case "idle_timeout" -> ": the slot stayed unused longer than idle_replication_slot_timeout";
            default -> "";
        };
    }

    /**
     * Creates the publication, or narrows one made before to what it has to carry. The relay forwards inserts only:
     * every outbox row is deleted by the transaction that inserts it, so publishing deletes would make PostgreSQL
     * decode and send, and Debezium build and drop, a second change for every message. Updates stay published
     * for the heartbeat row's upsert, which moves the slot on a database whose outbox is quiet.
     */
    private static void ensurePublication(Connection c, String publication) throws SQLException {
        Boolean publishesMore = publishesDeletesOrTruncates(c, publication);
        if (Boolean.TRUE.equals(publishesMore)) {
            try (var s = c.createStatement()) {
                s.execute("ALTER PUBLICATION " + publication + " SET (publish = '" + PUBLISHED + "')");
                log.info("Publication {} now publishes {} only (deletes of outbox rows are not relayed)", publication,
                        PUBLISHED);
            }
            return;
        }
        if (publishesMore != null) {
            return;
        }
        try (var s = c.createStatement()) {
            s.execute("CREATE PUBLICATION " + publication + " FOR TABLE public.outbox, public.outbox_heartbeat"
                    + " WITH (publish = '" + PUBLISHED + "')");
            log.info("Created publication {} on the outbox tables", publication);
        } catch (SQLException e) {
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) { // another instance was faster
                throw e;
            }
        }
    }

    /** Whether the publication carries deletes or truncates; null when it does not exist. */
    static Boolean publishesDeletesOrTruncates(Connection c, String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pubdelete OR pubtruncate FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    private static SlotCheck ensureSlot(Connection c, RelaySettings settings) throws SQLException {
        String slot = settings.slotName();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Set<String> columns = columns(rs);
                    String walStatus = columns.contains("wal_status") ? rs.getString("wal_status") : null;
                    Boolean conflicting = columns.contains("conflicting") ? (Boolean) rs.getObject("conflicting") : null;
                    String reason = columns.contains("invalidation_reason") ? rs.getString("invalidation_reason") : null;
                    String invalid = invalidation(walStatus, conflicting, reason);
                    if (invalid != null) {
                        return SlotCheck.lost(invalidatedProblem(settings, invalid, lastRelayed(c)));
                    }
                    if ("unreserved".equals(walStatus)) {
                        log.warn("Replication slot {} is about to lose WAL it needs (wal_status unreserved): its relay "
                                + "is far behind and max_slot_wal_keep_size is near", slot);
                    }
                    return SlotCheck.ready();
                }
            }
        }
        String relayed = lastRelayed(c);
        if (relayed != null) {
            return SlotCheck.lost(missingProblem(settings, relayed));
        }
        createSlot(c, slot);
        return SlotCheck.created();
    }

    private static void createSlot(Connection c, String slot) throws SQLException {
        // a failover slot (PostgreSQL 17+) can be synchronized to standbys, so it survives a promotion
        boolean failover = c.getMetaData().getDatabaseMajorVersion() >= 17;
        String sql = failover
                ? "SELECT pg_create_logical_replication_slot(?, 'pgoutput', failover => true)"
                : "SELECT pg_create_logical_replication_slot(?, 'pgoutput')";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, slot);
            ps.execute();
            log.info("Created logical replication slot {}{}", slot, failover ? " (failover)" : "");
        } catch (SQLException e) {
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** Where the relay last saved its position, as text for the operator; {@code null} if it never streamed. */
    private static String lastRelayed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, OFFSETS_TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return null;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT offset_val, record_insert_ts FROM " + OFFSETS_TABLE
                + " ORDER BY record_insert_ts DESC, record_insert_seq DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            StringBuilder text = new StringBuilder("saved at ").append(rs.getTimestamp(2));
            Matcher lsn = LSN.matcher(String.valueOf(rs.getString(1)));
            if (lsn.find()) {
                long position = Long.parseLong(lsn.group(1));
                text.append(", WAL position ").append(Long.toHexString(position >>> 32).toUpperCase(Locale.ROOT))
                        .append('/').append(Long.toHexString(position & 0xFFFFFFFFL).toUpperCase(Locale.ROOT));
            }
            return text.toString();
        }
    }

    private static String missingProblem(RelaySettings s, String relayed) {
        return String.format("Replication slot %s of database %s is missing, although the relay streamed from it before "
                        + "(last position %s). It was dropped, or this server was promoted from a standby the slot was not "
                        + "synchronized to. Outbox rows committed after that position may never have reached Kafka, and "
                        + "rows committed while there is no slot are not captured at all. The relay will not create a new "
                        + "slot by itself. To accept the loss and start a new slot from now, run in database %s: "
                        + "DELETE FROM %s; the relay then creates the slot within seconds.",
                s.slotName(), s.database(), relayed, s.database(), OFFSETS_TABLE);
    }

    private static String invalidatedProblem(RelaySettings s, String invalid, String relayed) {
        return String.format("Replication slot %s of database %s is %s. Outbox rows committed after the relay's last "
                        + "position (%s) may never have reached Kafka. The relay will not stream from it or replace it by "
                        + "itself. To accept the loss and start a new slot from now, run in database %s: "
                        + "SELECT pg_drop_replication_slot('%s'); DELETE FROM %s; the relay then creates the slot within seconds.",
                s.slotName(), s.database(), invalid, relayed == null ? "none saved" : relayed, s.database(),
                s.slotName(), OFFSETS_TABLE);
    }

    private static Set<String> columns(ResultSet rs) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            names.add(rs.getMetaData().getColumnName(i));
        }
        return names;
    }
}
