package io.sagaengine.outbox.relay;

import io.sagaengine.outbox.TopicReader;
import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relay processes on one database; the leader is frozen with SIGSTOP, so its kernel still answers TCP
 * and its sessions look alive. The standby must take over within a bounded time and relay every committed
 * row; once thawed, the old leader must notice it lost the lock and stand by without streaming.
 */
class RelayFrozenLeaderIT {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(3);

    private final RealServers servers = RealServers.shared();
    private RelayProcess first;
    private RelayProcess second;

    @AfterEach
    void stopProcesses() throws Exception {
        for (RelayProcess p : new RelayProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void aFrozenLeaderLosesTheRelayToTheStandbyAndStandsByWhenItWakesUp() throws Exception {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_frozen_it");
        String topic = "outbox-frozen-it." + UUID.randomUUID();
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            first = RelayProcess.start("first", db, LEADER_TIMEOUT);
            await().atMost(Duration.ofSeconds(90)).until(() -> first.state() == RelayState.STREAMING);
            second = RelayProcess.start("second", db, LEADER_TIMEOUT);
            await().atMost(Duration.ofSeconds(90)).until(() -> second.state() == RelayState.STANDBY);

            commit(db, topic, 0, 100);
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).size() == 100);

            first.freeze();
            long frozenAt = System.nanoTime();
            commit(db, topic, 100, 200);
            await().atMost(Duration.ofSeconds(40)).until(() -> second.state() == RelayState.STREAMING);
            long takeoverMillis = (System.nanoTime() - frozenAt) / 1_000_000;
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).size() == 200);

            first.thaw();
            await().atMost(Duration.ofSeconds(30)).until(() -> first.state() == RelayState.STANDBY);
            long publishedByFirst = first.published();
            commit(db, topic, 200, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(reader).size() == 300);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    first.state() == RelayState.STANDBY && second.state() == RelayState.STREAMING);

            System.out.printf("RelayFrozenLeaderIT: standby streamed %d ms after the leader froze (leader timeout %d ms); "
                            + "%d records delivered for 300 rows; %s; %s%n", takeoverMillis, LEADER_TIMEOUT.toMillis(),
                    reader.size(), first, second);
            assertThat(seqs(reader)).hasSize(300);
            assertThat(first.published()).as("the woken leader relays nothing more").isEqualTo(publishedByFirst);
            assertThat(second.published()).as("the new leader relayed the rows after the freeze").isGreaterThanOrEqualTo(200);
        } finally {
            stopProcesses();
            first = null;
            second = null;
            db.dropSlot();
        }
    }

    private static void commit(OutboxDatabase db, String topic, int from, int to) {
        for (int seq = from; seq < to; seq++) {
            db.commit(topic, "key-" + (seq % 7), "{\"seq\": " + seq + "}");
        }
    }

    private static Set<Integer> seqs(TopicReader reader) {
        Set<Integer> seqs = new HashSet<>();
        reader.records().forEach(r -> seqs.add(Integer.parseInt(TopicReader.value(r).replaceAll("\\D", ""))));
        return seqs;
    }
}
