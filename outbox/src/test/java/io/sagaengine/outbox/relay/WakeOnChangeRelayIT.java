package io.sagaengine.outbox.relay;

import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.outbox.OutboxTestApplication;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's Debezium engine buffers changes in the wake-on-change queue and relays through it, and its streaming
 * thread waits on the replication socket instead of sleeping between empty reads.
 */
@SpringBootTest(classes = OutboxTestApplication.class)
class WakeOnChangeRelayIT {

    private static final RealServers servers = RealServers.shared();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties("outbox_wake_it").forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    OutboxRelay relay;

    @Test
    void theRelayRunsOnTheWakeOnChangeQueueAndDeliversEveryMessageInOrder() throws Exception {
        assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("relay streaming").isTrue();
        assertThat(WakeOnChangeQueue.inUseBy("outbox-relay-outbox_wake_it"))
                .as("Debezium buffers the relay's changes in the wake-on-change queue").isTrue();

        String topic = "wake-" + UUID.randomUUID();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String payload = "{\"n\": " + i + "}";
            sent.add(payload);
            tx.executeWithoutResult(s -> outbox.append(OutboxMessage.to(topic).saga("saga-w").type("Ping", 1)
                    .payload(payload).build()));
        }

        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "wake-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                return received.size() >= sent.size();
            });
        }
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void anIdleRelayWaitsOnTheReplicationSocketAndWakesWhenWalArrives() throws Exception {
        assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("relay streaming").isTrue();
        ReplicationReads reads = ReplicationReads.of("outbox-relay-outbox_wake_it");
        assertThat(reads).as("the streaming thread reads through the wake-on-data stream").isNotNull();

        // idle: Debezium alone reads the empty stream a few hundred times a second (1 ms checks, 5 ms sleeps)
        long emptyBefore = reads.emptyReads();
        long start = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        double seconds = (System.nanoTime() - start) / 1e9;
        double emptyReadsPerSecond = (reads.emptyReads() - emptyBefore) / seconds;
        assertThat(emptyReadsPerSecond).as("empty reads per second while idle").isBetween(1.0, 60.0);

        long wokenBefore = reads.wokenByDataCount();
        String topic = "wake-data-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> outbox.append(OutboxMessage.to(topic).saga("saga-d").type("Ping", 1)
                .payload("{\"n\": 1}").build()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "wake-data-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            List<String> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                return !received.isEmpty();
            });
        }
        assertThat(reads.wokenByDataCount()).as("waits ended by WAL arriving").isGreaterThan(wokenBefore);
    }
}
