package io.sagaengine.outbox.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.TopicReader;
import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relay instances on one database; the leader's engine keeps failing (its Kafka is unreachable, a setting
 * of that instance only). It must step down so the healthy standby relays every row, stay out while it cools
 * down, and, left alone, take the relay again.
 */
class RelayStepDownIT {

    private static final Set<RelayState> LEADING = EnumSet.of(RelayState.STARTING, RelayState.STREAMING, RelayState.RECOVERING);

    private final RealServers servers = RealServers.shared();

    @Test
    void aLeaderWhoseEngineKeepsFailingStepsDownAndAHealthyStandbyTakesOver() throws Exception {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_step_down_it");
        String topic = "outbox-step-down-it." + UUID.randomUUID();
        RelaySettings settings = db.relaySettings()
                .withProducer(Map.of(), Duration.ofSeconds(2), 0)
                .withFailover(null, 2, Duration.ofSeconds(4), Duration.ofSeconds(1));
        OutboxRelay broken = new OutboxRelay(settings, "127.0.0.1:" + closedPort(), new SimpleMeterRegistry());
        OutboxRelay healthy = new OutboxRelay(settings, servers.bootstrapServers(), new SimpleMeterRegistry());
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            broken.start();
            assertThat(broken.awaitStreaming(Duration.ofSeconds(60))).as("the broken instance leads").isTrue();
            healthy.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> healthy.state() == RelayState.STANDBY);

            for (int i = 0; i < 20; i++) {
                db.commit(topic, "key-" + (i % 3), "{\"seq\": " + i + "}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> broken.state() == RelayState.STEPPED_DOWN);
            assertThat(healthy.awaitStreaming(Duration.ofSeconds(30))).as("the healthy standby took over").isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).size() == 20);
            assertThat(broken.publishedCount()).isZero();
            assertThat(broken.lastFailure()).isNotNull();

            // after its cool-down it stands by again: a healthy leader keeps the relay
            await().atMost(Duration.ofSeconds(15)).until(() -> broken.state() == RelayState.STANDBY);
            assertThat(healthy.state()).isEqualTo(RelayState.STREAMING);

            // alone, it takes the relay again
            healthy.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> LEADING.contains(broken.state()));
        } finally {
            healthy.close();
            broken.close();
            db.dropSlot();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Set<Integer> seqs(TopicReader reader) {
        Set<Integer> seqs = new HashSet<>();
        reader.records().forEach(r -> seqs.add(Integer.parseInt(TopicReader.value(r).replaceAll("\\D", ""))));
        return seqs;
    }
}
