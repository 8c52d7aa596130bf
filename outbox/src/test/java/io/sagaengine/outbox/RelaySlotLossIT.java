package io.sagaengine.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.relay.OutboxDatabase;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelayState;
import io.sagaengine.testsupport.EmbeddedPostgresServer;
import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay whose replication slot was lost after it had streamed must not quietly start a new slot at the
 * current WAL position: it reports the loss (health DOWN with the reason and the way to recover), streams
 * nothing, and starts a new slot only once an operator accepted the loss by the documented procedure.
 */
class RelaySlotLossIT {

    private static final String KEY = "one-key"; // one partition: a later record arriving means earlier ones would have

    private final RealServers servers = RealServers.shared();

    @Test
    void aDroppedSlotStopsTheRelayUntilTheLossIsAccepted() throws Exception {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_slot_dropped_it");
        String topic = "outbox-slot-dropped-it." + UUID.randomUUID();
        String slot = db.relaySettings().slotName();
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            streamSomeRows(db, topic);
            db.dropSlot();
            db.commit(topic, KEY, "{\"seq\": 100}"); // no slot: this row is lost, whatever the relay does

            OutboxRelay relay = new OutboxRelay(db.relaySettings(), servers.bootstrapServers(), new SimpleMeterRegistry());
            try {
                relay.start();
                assertSlotLost(relay, "is missing", "DELETE FROM outbox_relay_offsets");
                db.commit(topic, KEY, "{\"seq\": 101}");
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                        relay.state() == RelayState.SLOT_LOST && slotCount(db, slot) == 0 && reader.size() == 5);
                assertThat(relay.publishedCount()).isZero();

                // the operator accepts the loss
                db.jdbc.update("DELETE FROM outbox_relay_offsets");
                assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("streams from a new slot").isTrue();
                assertThat(slotCount(db, slot)).isEqualTo(1);
                assertThat(db.jdbc.queryForObject("SELECT failover FROM pg_replication_slots WHERE slot_name = ?",
                        Boolean.class, slot)).as("a failover slot, so it can be synchronized to a standby").isTrue();
                db.commit(topic, KEY, "{\"seq\": 200}");
                await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).contains(200));
                assertThat(seqs(reader)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 200);
                assertThat(health(relay).getStatus()).isEqualTo(Status.UP);
            } finally {
                relay.close();
                db.dropSlot();
            }
        }
    }

    /**
     * The slot dropped under a streaming leader, with a second instance standing by: neither may quietly start a new
     * slot (Debezium creates a missing slot when its task starts), and both must say so, the standby included, since
     * every instance of the service takes writes it could not publish.
     */
    @Test
    void aSlotDroppedWhileStreamingStopsTheLeaderAndTheStandby() throws Exception {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_slot_dropped_live_it");
        String topic = "outbox-slot-dropped-live-it." + UUID.randomUUID();
        String slot = db.relaySettings().slotName();
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic);
             OutboxRelay first = new OutboxRelay(db.relaySettings(), servers.bootstrapServers(), new SimpleMeterRegistry());
             OutboxRelay second = new OutboxRelay(db.relaySettings(), servers.bootstrapServers(), new SimpleMeterRegistry())) {
            first.start();
            assertThat(first.awaitStreaming(Duration.ofSeconds(60))).isTrue();
            second.start();
            for (int seq = 0; seq < 5; seq++) {
                db.commit(topic, KEY, "{\"seq\": " + seq + "}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() == 5);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    db.jdbc.queryForObject("SELECT count(*) FROM outbox_relay_offsets", Integer.class) > 0);
            assertThat(second.state()).isEqualTo(RelayState.STANDBY);

            db.dropSlot();
            db.commit(topic, KEY, "{\"seq\": 100}");

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    first.state() == RelayState.SLOT_LOST && second.state() == RelayState.SLOT_LOST);
            assertSlotLost(first, "is missing", "DELETE FROM outbox_relay_offsets");
            assertSlotLost(second, "is missing", "DELETE FROM outbox_relay_offsets");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    first.state() == RelayState.SLOT_LOST && second.state() == RelayState.SLOT_LOST
                            && slotCount(db, slot) == 0);

            db.jdbc.update("DELETE FROM outbox_relay_offsets");
            await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == RelayState.STREAMING
                    || second.state() == RelayState.STREAMING);
            db.commit(topic, KEY, "{\"seq\": 200}");
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).contains(200));
        } finally {
            db.dropSlot();
        }
    }

    @Test
    void anInvalidatedSlotStopsTheRelayUntilTheLossIsAccepted() throws Exception {
        // max_slot_wal_keep_size is server-wide: a server of this test's own, so no other test's slot is invalidated
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0, false)) {
            OutboxDatabase db = new OutboxDatabase(serversWith(postgres), "outbox_wal_lost_it");
            String topic = "outbox-wal-lost-it." + UUID.randomUUID();
            String slot = db.relaySettings().slotName();
            try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
                streamSomeRows(db, topic);
                db.jdbc.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'");
                db.jdbc.execute("SELECT pg_reload_conf()");
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (int i = 0; i < 3; i++) {
                        db.jdbc.update("INSERT INTO outbox_heartbeat (id, beat_at) VALUES (2, now()) "
                                + "ON CONFLICT (id) DO UPDATE SET beat_at = EXCLUDED.beat_at");
                        db.jdbc.execute("SELECT pg_switch_wal()");
                    }
                    db.jdbc.execute("CHECKPOINT");
                    return "lost".equals(db.jdbc.queryForObject(
                            "SELECT wal_status FROM pg_replication_slots WHERE slot_name = ?", String.class, slot));
                });
                db.jdbc.execute("ALTER SYSTEM RESET max_slot_wal_keep_size");
                db.jdbc.execute("SELECT pg_reload_conf()");

                OutboxRelay relay = new OutboxRelay(db.relaySettings(), servers.bootstrapServers(), new SimpleMeterRegistry());
                try {
                    relay.start();
                    assertSlotLost(relay, "wal_removed", "pg_drop_replication_slot('" + slot + "')");
                    db.commit(topic, KEY, "{\"seq\": 101}");
                    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                            relay.state() == RelayState.SLOT_LOST && reader.size() == 5);

                    db.jdbc.queryForList("SELECT pg_drop_replication_slot(?)", slot);
                    db.jdbc.update("DELETE FROM outbox_relay_offsets");
                    assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("streams from a new slot").isTrue();
                    db.commit(topic, KEY, "{\"seq\": 200}");
                    await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).contains(200));
                    assertThat(seqs(reader)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 200);
                } finally {
                    relay.close();
                }
            }
        }
    }

    private void streamSomeRows(OutboxDatabase db, String topic) throws InterruptedException {
        try (OutboxRelay relay = new OutboxRelay(db.relaySettings(), servers.bootstrapServers(), new SimpleMeterRegistry())) {
            relay.start();
            assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).isTrue();
            for (int seq = 0; seq < 5; seq++) {
                db.commit(topic, KEY, "{\"seq\": " + seq + "}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.publishedCount() == 5);
        }
        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM outbox_relay_offsets", Integer.class))
                .as("the relay saved its position").isPositive();
    }

    private static void assertSlotLost(OutboxRelay relay, String... reasonParts) {
        assertThat(relay.state()).isEqualTo(RelayState.SLOT_LOST);
        Health health = health(relay);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(health.getDetails().get("reason"))).contains(reasonParts);
        System.out.println("RelaySlotLossIT: health " + health.getStatus() + ", reason: " + health.getDetails().get("reason"));
    }

    private static Health health(OutboxRelay relay) {
        return new OutboxRelayHealthIndicator(relay).health();
    }

    private static int slotCount(OutboxDatabase db, String slot) {
        return db.jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", Integer.class, slot);
    }

    private static Set<Integer> seqs(TopicReader reader) {
        Set<Integer> seqs = new HashSet<>();
        reader.records().forEach(r -> seqs.add(Integer.parseInt(TopicReader.value(r).replaceAll("\\D", ""))));
        return seqs;
    }

    private RealServers serversWith(EmbeddedPostgresServer postgres) {
        RealServers shared = servers;
        return new RealServers() {
            @Override
            public String createDatabase(String name) {
                return postgres.createDatabase(name);
            }

            @Override
            public String jdbcUrl(String database) {
                return postgres.jdbcUrl(database);
            }

            @Override
            public String username() {
                return EmbeddedPostgresServer.USER;
            }

            @Override
            public String password() {
                return EmbeddedPostgresServer.PASSWORD;
            }

            @Override
            public String bootstrapServers() {
                return shared.bootstrapServers();
            }
        };
    }
}
