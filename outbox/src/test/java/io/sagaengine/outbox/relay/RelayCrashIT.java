package io.sagaengine.outbox.relay;

import io.sagaengine.outbox.TopicReader;
import io.sagaengine.testsupport.JavaProcess;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay process is killed with SIGKILL in the middle of a stream while writers keep committing; a new
 * relay process resumes. Every committed message must arrive; duplicates are allowed and reported.
 */
class RelayCrashIT {

    private static final int MESSAGES = 1500;
    private static final int KILL_AFTER = 500;

    private final RealServers servers = RealServers.shared();
    private Process relay;

    @AfterEach
    void stopRelay() throws InterruptedException {
        if (relay != null) {
            relay.destroyForcibly();
            relay.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyCommittedMessageArrivesAfterTheRelayIsKilledMidStream() throws Exception {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_crash_it");
        String topic = "outbox-crash-it." + UUID.randomUUID();
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            relay = startRelayProcess(db);

            AtomicInteger committed = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int seq = 0; seq < MESSAGES; seq++) {
                    db.commit(topic, "key-" + (seq % 20), "{\"seq\": " + seq + "}");
                    committed.incrementAndGet();
                }
            });

            await().atMost(Duration.ofSeconds(60)).until(() -> reader.size() >= KILL_AFTER);
            relay.destroyForcibly(); // SIGKILL: no graceful close, no final offset flush
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int seenAtKill = reader.size();
            int committedAtKill = committed.get();

            relay = startRelayProcess(db);
            writer.get(120, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(120)).until(() -> distinctSeqs(reader.records()).size() == MESSAGES);
            List<ConsumerRecord<String, byte[]>> all = reader.records();
            Set<Integer> distinct = distinctSeqs(all);
            int duplicates = all.size() - distinct.size();
            System.out.printf("RelayCrashIT: killed after %d delivered (%d committed); %d committed, %d delivered, "
                    + "%d distinct, %d duplicates%n", seenAtKill, committedAtKill, MESSAGES, all.size(), distinct.size(), duplicates);
            assertThat(distinct).hasSize(MESSAGES).allMatch(seq -> seq >= 0 && seq < MESSAGES);
            assertThat(committedAtKill).as("the kill happened mid-stream").isLessThan(MESSAGES);
        }
    }

    private static Set<Integer> distinctSeqs(List<ConsumerRecord<String, byte[]>> records) {
        Set<Integer> seqs = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            seqs.add(Integer.parseInt(TopicReader.value(r).replaceAll("\\D", "")));
        }
        return seqs;
    }

    private Process startRelayProcess(OutboxDatabase db) throws Exception {
        Process process = JavaProcess.of(RelayProcessMain.class.getName(), List.of("-Xmx384m", "-XX:+UseSerialGC"),
                        db.jdbcUrl, servers.username(), servers.password(), servers.bootstrapServers())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> streaming = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals(RelayProcessMain.STREAMING)) {
                        drainInBackground(out);
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(streaming.get(90, TimeUnit.SECONDS)).as("relay process streaming").isTrue();
        return process;
    }

    private static void drainInBackground(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty so the child never blocks on its own logging
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "relay-process-output");
        drain.setDaemon(true);
        drain.start();
    }
}
