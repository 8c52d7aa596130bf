package io.sagaengine.outbox.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Creates the publication and the replication slot before the service accepts any write.
 *
 * <p>Outbox rows are deleted in the transaction that inserts them, so a row committed before the slot
 * exists would be lost for good. Creating the slot eagerly at start-up, by whichever instance gets there
 * first, closes that gap; the relay that later streams (maybe another instance) resumes from the slot.
 */
final class ReplicationSetup {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSetup.class);

    private ReplicationSetup() {
    }

    static void ensure(RelaySettings settings) {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            c.setAutoCommit(true);
            ensurePublication(c, settings.publicationName());
            ensureSlot(c, settings.slotName());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare logical replication for the outbox of "
                    + settings.database() + ": " + e.getMessage(), e);
        }
    }

    private static void ensurePublication(Connection c, String publication) throws SQLException {
        if (exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", publication)) {
            return;
        }
        try (var s = c.createStatement()) {
            s.execute("CREATE PUBLICATION " + publication + " FOR TABLE public.outbox, public.outbox_heartbeat");
            log.info("Created publication {} on the outbox tables", publication);
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) { // duplicate_object: another instance was faster
                throw e;
            }
        }
    }

    private static void ensureSlot(Connection c, String slot) throws SQLException {
        if (exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slot)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            ps.setString(1, slot);
            ps.execute();
            log.info("Created logical replication slot {}", slot);
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
