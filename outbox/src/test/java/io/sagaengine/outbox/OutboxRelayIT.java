package io.sagaengine.outbox;

import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The outbox on a real PostgreSQL, a real Kafka broker and the real Debezium engine. */
@SpringBootTest(classes = OutboxTestApplication.class)
class OutboxRelayIT {

    private static final RealServers servers = RealServers.shared();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties("outbox_it").forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OutboxRelay relay;

    @BeforeAll
    static void relayStreams(@Autowired OutboxRelay relay) throws InterruptedException {
        assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("relay streaming").isTrue();
    }

    @Test
    void committedMessageArrivesWithItsKeyHeadersAndPayload() throws Exception {
        String topic = uniqueTopic();
        UUID causation = UUID.randomUUID();
        OutboxMessage message = OutboxMessage.to(topic).saga("saga-1").type("ChargePayment", 3)
                .causationId(causation).traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .payload("{\"amount\": \"39.98\", \"orderId\": \"o-1\"}").build();
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            tx.executeWithoutResult(s -> outbox.append(message));

            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() == 1);
            ConsumerRecord<String, byte[]> record = reader.records().get(0);
            assertThat(record.key()).isEqualTo("saga-1");
            assertThat(TopicReader.header(record, MessageHeaders.MESSAGE_ID)).isEqualTo(message.id().toString());
            assertThat(TopicReader.header(record, MessageHeaders.MESSAGE_TYPE)).isEqualTo("ChargePayment");
            assertThat(TopicReader.header(record, MessageHeaders.SCHEMA_VERSION)).isEqualTo("3");
            assertThat(TopicReader.header(record, MessageHeaders.SAGA_ID)).isEqualTo("saga-1");
            assertThat(TopicReader.header(record, MessageHeaders.CAUSATION_ID)).isEqualTo(causation.toString());
            assertThat(TopicReader.header(record, MessageHeaders.TRACEPARENT)).startsWith("00-0af7651916cd43dd");
            assertThat(TopicReader.value(record)).isEqualTo("{\"amount\": \"39.98\", \"orderId\": \"o-1\"}");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class))
                .as("rows are deleted in the inserting transaction").isZero();
    }

    @Test
    void rolledBackTransactionSendsNothing() throws Exception {
        String topic = uniqueTopic();
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            tx.executeWithoutResult(status -> {
                outbox.append(message(topic, "same-key", "{\"n\": \"rolled-back\"}"));
                status.setRollbackOnly();
            });
            // same key, so same partition: once this one arrives, an earlier commit would have arrived first
            tx.executeWithoutResult(s -> outbox.append(message(topic, "same-key", "{\"n\": \"committed\"}")));

            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() >= 1);
            assertThat(reader.records()).extracting(TopicReader::value).containsExactly("{\"n\": \"committed\"}");
        }
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.append(message(uniqueTopic(), "k", "{}")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void perKeyOrderIsKeptOverAThousandMessagesAndManyKeys() throws Exception {
        String topic = uniqueTopic();
        int keys = 40;
        int perKey = 25;
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int seq = 0; seq < perKey; seq++) {
                        int s = seq;
                        // each writer owns every 4th key and writes its messages in sequence, some in batches
                        List<OutboxMessage> batch = new ArrayList<>();
                        for (int k = writer; k < keys; k += 4) {
                            batch.add(message(topic, "key-" + k, "{\"seq\": " + s + "}"));
                        }
                        if (s % 2 == 0) {
                            tx.executeWithoutResult(st -> outbox.appendAll(batch));
                        } else {
                            batch.forEach(m -> tx.executeWithoutResult(st -> outbox.append(m)));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();

            await().atMost(Duration.ofSeconds(60)).until(() -> reader.size() >= keys * perKey);
            Map<String, List<Integer>> seqByKey = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : reader.records()) {
                String v = TopicReader.value(r);
                int seq = Integer.parseInt(v.replaceAll("\\D", ""));
                seqByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(seq);
            }
            assertThat(reader.size()).isEqualTo(keys * perKey);
            assertThat(seqByKey).hasSize(keys);
            List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
            seqByKey.forEach((key, seqs) -> assertThat(seqs).as("order of " + key).isEqualTo(expected));
        }
    }

    @Test
    void theSameMessageDeliveredTwiceHasOneEffect() throws Exception {
        UUID messageId = UUID.randomUUID();
        String saga = "dup-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < 2; i++) {
                producer.send(record(OutboxTestApplication.INBOX_TOPIC, saga, messageId, "{\"n\": 1}")).get();
            }
            UUID marker = UUID.randomUUID();
            producer.send(record(OutboxTestApplication.INBOX_TOPIC, saga, marker, "{\"n\": 2}")).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> effects(marker) == 1);
        }
        assertThat(effects(messageId)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesThroughTheInboxHaveOneEffect(@Autowired Inbox inbox) throws Exception {
        UUID messageId = UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> {
                start.await();
                Runnable effect = () -> jdbc.update(
                        "INSERT INTO test_effect (message_id, saga_id) VALUES (?, 'concurrent')", messageId);
                return inbox.processOnce("concurrent-test", messageId, effect);
            }));
        }
        start.countDown();
        int ran = 0;
        for (Future<Boolean> r : results) {
            ran += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ran).isEqualTo(1);
        assertThat(effects(messageId)).isEqualTo(1);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillProcessed() throws Exception {
        String saga = "poison-" + UUID.randomUUID();
        UUID next = UUID.randomUUID();
        try (TopicReader dlt = new TopicReader(servers.bootstrapServers(), DeadLetters.topicFor(OutboxTestApplication.INBOX_TOPIC));
             KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> noHeaders = new ProducerRecord<>(OutboxTestApplication.INBOX_TOPIC, saga,
                    "{\"n\": 1}".getBytes(StandardCharsets.UTF_8));
            producer.send(noHeaders).get();
            producer.send(record(OutboxTestApplication.INBOX_TOPIC, saga, UUID.randomUUID(), "not json")).get();
            producer.send(record(OutboxTestApplication.INBOX_TOPIC, saga, next, "{\"n\": 3}")).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> effects(next) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> dlt.records().stream().filter(r -> saga.equals(r.key())).count() == 2);
            List<String> reasons = dlt.records().stream().filter(r -> saga.equals(r.key()))
                    .map(r -> TopicReader.header(r, MessageHeaders.DLT_REASON)).toList();
            assertThat(reasons).containsExactly("missing header message-id", "payload is not a JSON object");
        }
    }

    @Test
    void heartbeatsMoveTheSlotOnAQuietDatabase() {
        String slot = relay.settings().slotName();
        String before = confirmedFlushLsn(slot);
        // WAL written elsewhere on the server, nothing in this database's outbox
        String other = servers.createDatabase("outbox_it_neighbour");
        JdbcTemplate neighbour = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                other, servers.username(), servers.password()));
        neighbour.execute("CREATE TABLE IF NOT EXISTS noise (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())");
        neighbour.execute("INSERT INTO noise (at) SELECT now() FROM generate_series(1, 1000)");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Long advanced = jdbc.queryForObject("SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint", Long.class,
                    confirmedFlushLsn(slot), before);
            return advanced != null && advanced > 0;
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_heartbeat", Integer.class)).isEqualTo(1);
    }

    private String confirmedFlushLsn(String slot) {
        return jdbc.queryForObject("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?",
                String.class, slot);
    }

    private int effects(UUID messageId) {
        return jdbc.queryForObject("SELECT count(*) FROM test_effect WHERE message_id = ?", Integer.class, messageId);
    }

    private static OutboxMessage message(String topic, String key, String payload) {
        return OutboxMessage.to(topic).saga(key).type("TestMessage", 1).payload(payload).build();
    }

    private static String uniqueTopic() {
        return "outbox-it." + UUID.randomUUID();
    }

    static ProducerRecord<String, byte[]> record(String topic, String key, UUID messageId, String payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_ID, messageId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, "TestMessage".getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SAGA_ID, key.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", servers.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
    }
}
