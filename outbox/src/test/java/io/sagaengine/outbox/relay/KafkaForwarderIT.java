package io.sagaengine.outbox.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.TopicReader;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's producer lingers so that a batch leaves in one produce request, and the forwarder must not make
 * a batch wait for that linger: with a linger far longer than the send timeout, a batch is still acknowledged.
 */
class KafkaForwarderIT {

    private final RealServers servers = RealServers.shared();

    @Test
    void aBatchLeavesInOneRequestWithoutWaitingForTheLinger() throws Exception {
        String topic = "forwarder-it." + UUID.randomUUID();
        // created with its leader known before the producer first asks for it: a topic created by the first send
        // has partitions without a leader at first, and the producer's later metadata requests would count below
        servers.createTopics(1, List.of(topic));
        try (KafkaProducer<String, byte[]> producer = lingeringProducer(Duration.ofMinutes(2));
             TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            KafkaForwarder forwarder = new KafkaForwarder(producer, Duration.ofSeconds(20),
                    new RelayMetrics(new SimpleMeterRegistry(), "forwarder_it", () -> RelayState.STREAMING));
            // the topic's metadata, the connection to its leader and the producer's id
            forwarder.handleBatch(List.of(event(topic, 0)), new CountingCommitter());
            double requestsBefore = metric(producer, "request-total");

            CountingCommitter committer = new CountingCommitter();
            forwarder.handleBatch(IntStream.range(1, 21).mapToObj(i -> event(topic, i)).toList(), committer);
            double requestsForTheBatch = metric(producer, "request-total") - requestsBefore;

            assertThat(committer.processed.get()).isEqualTo(20);
            assertThat(committer.batchesFinished.get()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() == 21);
            assertThat(reader.records()).extracting(TopicReader::value)
                    .containsExactlyElementsOf(IntStream.range(0, 21).mapToObj(i -> "{\"n\": " + i + "}").toList());
            assertThat(requestsForTheBatch).as("requests that carried the batch of 20").isEqualTo(1.0);
        }
    }

    private KafkaProducer<String, byte[]> lingeringProducer(Duration linger) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) linger.toMillis() + 30_000,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static double metric(KafkaProducer<String, byte[]> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow();
    }

    private static RecordChangeEvent<SourceRecord> event(String topic, int n) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(KafkaForwarder.EVENT_ID_HEADER, UUID.randomUUID().toString());
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), topic, null,
                Schema.STRING_SCHEMA, "key", Schema.STRING_SCHEMA, "{\"n\": " + n + "}", null, headers);
        return () -> record;
    }

    private static final class CountingCommitter implements DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> {
        final AtomicInteger processed = new AtomicInteger();
        final AtomicInteger batchesFinished = new AtomicInteger();

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record) {
            processed.incrementAndGet();
        }

        @Override
        public void markBatchFinished() {
            batchesFinished.incrementAndGet();
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets offsets) {
            processed.incrementAndGet();
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            throw new UnsupportedOperationException();
        }
    }
}
