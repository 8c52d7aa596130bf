package io.sagaengine.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox's retention on the real PostgreSQL, as the outbox wires it (batches of 5 here, 7 days): records older
 * than the retention go batch by batch, recent ones stay, a second instance skips its run while another one purges,
 * and the purge finds the old records by the index on processed_at.
 */
@SpringBootTest(classes = {OutboxTestApplication.class, InboxPurgeIT.Meters.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"outbox.relay.enabled=false", "outbox.inbox.purge-batch-size=5"})
@ExtendWith(OutputCaptureExtension.class)
class InboxPurgeIT {

    private static final RealServers servers = RealServers.shared();

    @TestConfiguration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties("outbox_inbox_purge_it").forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    @Qualifier("inboxPurge")
    ScheduledPurge purge;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM inbox");
    }

    @Test
    void recordsOlderThanTheRetentionGoInBatchesAndRecentOnesStay(CapturedOutput output) {
        double countedBefore = deletedRows();
        records(12, Duration.ofDays(8));
        records(3, Duration.ofDays(6));

        BoundedPurge.Run run = purge.runOnce();

        assertThat(run).isEqualTo(new BoundedPurge.Run(12, 3, false));
        assertThat(olderThan(Duration.ofDays(7))).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox", Long.class)).as("recent ones stay").isEqualTo(3);
        assertThat(deletedRows() - countedBefore).isEqualTo(12);
        assertThat(output.getOut()).contains("Purged 12 inbox records older than PT168H in 3 batch(es) of at most 5");
    }

    @Test
    void whileAnotherInstancePurgesARunIsSkipped() throws Exception {
        records(2, Duration.ofDays(8));
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + BoundedPurge.LOCK_NAMESPACE
                    + "'), hashtext('inbox'))");

            assertThat(purge.runOnce()).isEqualTo(new BoundedPurge.Run(0, 0, true));
            assertThat(olderThan(Duration.ofDays(7))).isEqualTo(2);

            other.rollback();
        }
        assertThat(purge.runOnce()).isEqualTo(new BoundedPurge.Run(2, 1, false));
    }

    @Test
    void thePurgeFindsTheOldRecordsByTheIndexAmongManyRecentOnes() {
        records(20_000, Duration.ofMinutes(1));
        records(1, Duration.ofDays(8));
        jdbc.execute("ANALYZE inbox");

        String plan = jdbc.queryForList("EXPLAIN " + purge.batchStatement(), String.class,
                (double) Duration.ofDays(7).toSeconds(), 5).stream().collect(Collectors.joining("\n"));

        assertThat(plan).contains("inbox_processed_at").contains("Tid Scan").doesNotContain("Seq Scan");
    }

    private void records(int count, Duration ago) {
        jdbc.update("""
                INSERT INTO inbox (consumer, message_id, processed_at)
                SELECT 'inbox-purge-it', gen_random_uuid(), now() - make_interval(secs => ?)
                  FROM generate_series(1, ?)""", (double) ago.toSeconds(), count);
    }

    private long olderThan(Duration age) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM inbox WHERE processed_at < now() - make_interval(secs => ?)",
                Long.class, (double) age.toSeconds());
        return n == null ? 0 : n;
    }

    private double deletedRows() {
        var counter = meters.find("purge.deleted.rows").tag("purge", "inbox").counter();
        return counter == null ? 0 : counter.count();
    }
}
