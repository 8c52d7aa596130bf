package io.sagaengine.outbox.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.TopicReader;
import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two relay instances on one database: exactly one streams; when it stops, the other takes over. */
class RelayFailoverIT {

    private final RealServers servers = RealServers.shared();

    @Test
    void onlyOneInstanceStreamsAndTheStandbyTakesOverWithNothingLost() throws Exception {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_failover_it");
        String topic = "outbox-failover-it." + UUID.randomUUID();
        OutboxRelay first = new OutboxRelay(db.relaySettings(), servers.bootstrapServers(), new SimpleMeterRegistry());
        OutboxRelay second = new OutboxRelay(db.relaySettings(), servers.bootstrapServers(), new SimpleMeterRegistry());
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            first.start();
            assertThat(first.awaitStreaming(Duration.ofSeconds(60))).isTrue();
            second.start();
            // the second keeps trying for the lock; it must stay on standby while the first lives
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> second.state() == RelayState.STANDBY && first.state() == RelayState.STREAMING);

            for (int i = 0; i < 200; i++) {
                db.commit(topic, "key-" + (i % 7), "{\"seq\": " + i + "}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() >= 200);
            assertThat(second.publishedCount()).isZero();

            first.close();
            for (int i = 200; i < 400; i++) {
                db.commit(topic, "key-" + (i % 7), "{\"seq\": " + i + "}");
            }
            assertThat(second.awaitStreaming(Duration.ofSeconds(30))).as("standby took over").isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).size() == 400);
            assertThat(second.publishedCount()).isGreaterThanOrEqualTo(200);
            assertThat(first.state()).isEqualTo(RelayState.STOPPED);
        } finally {
            first.close();
            second.close();
        }
    }

    private static Set<Integer> seqs(TopicReader reader) {
        Set<Integer> seqs = new HashSet<>();
        reader.records().forEach(r -> seqs.add(Integer.parseInt(TopicReader.value(r).replaceAll("\\D", ""))));
        return seqs;
    }
}
