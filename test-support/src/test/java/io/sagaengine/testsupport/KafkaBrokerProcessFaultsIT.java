package io.sagaengine.testsupport;

import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.TestProducer;
import io.sagaengine.testsupport.kafka.TopicRecorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KafkaBrokerProcessFaultsIT {

    @TempDir
    Path directory;

    @Test
    void aKilledBrokerComesBackOnItsDataAndPortAndAPausedOneAnswersOnceResumed() throws Exception {
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start(directory.resolve("kafka"), 0, 1, Duration.ofSeconds(90))) {
            String bootstrap = kafka.bootstrapServers();
            try (TestProducer producer = new TestProducer(bootstrap)) {
                producer.send("faults.test", "k", "before the crash", Map.of());
            }
            long pid = kafka.pid();

            kafka.kill();
            assertFalse(kafka.isAlive());
            kafka.restart(Duration.ofSeconds(90));

            assertEquals(bootstrap, kafka.bootstrapServers());
            assertNotEquals(pid, kafka.pid());
            try (TopicRecorder recorder = TopicRecorder.start(bootstrap, "faults.test")) {
                List<ReceivedRecord> records = await().atMost(Duration.ofSeconds(60)).until(recorder::all, r -> !r.isEmpty());
                assertEquals("before the crash", records.get(0).valueText());
            }

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                kafka.pause();
                assertThrows(Exception.class, () -> admin.describeCluster().nodes().get(3, TimeUnit.SECONDS));
                kafka.resume();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty());
            }
        }
    }
}
