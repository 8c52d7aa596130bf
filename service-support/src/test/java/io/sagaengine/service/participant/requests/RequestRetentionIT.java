package io.sagaengine.service.participant.requests;

import io.sagaengine.outbox.BoundedPurge;
import io.sagaengine.outbox.ScheduledPurge;
import io.sagaengine.testsupport.RealServers;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention of participant request records on a real PostgreSQL database, migrated as a participant service
 * migrates it: records whose last change is older than the retention go, in batches; recent ones, and old ones
 * compensated recently, stay; a second instance skips a run while another one purges; the purge reads the index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestRetentionIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final int BATCH = 5;

    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private ScheduledPurge purge;
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    @BeforeAll
    void migrate() {
        String database = "request_retention_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        dataSource = new DriverManagerDataSource(SERVERS.createDatabase(database), SERVERS.username(),
                SERVERS.password());
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/requests-it");
        new ParticipantRequestsAutoConfiguration().participantRequestMigrations().customize(flyway);
        flyway.load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        purge = new RequestRetention(RETENTION, Duration.ofHours(1), BATCH)
                .purge(jdbc, new DataSourceTransactionManager(dataSource), batches::add);
    }

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM participant_request");
        batches.clear();
    }

    @Test
    void recordsOlderThanTheRetentionGoInBatchesAndRecentOnesStay() {
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            old.add(executed(days(40), days(40)));
            old.add(compensated(days(45), days(40)));
            old.add(compensatedBeforeExecution(days(31)));
        }
        List<UUID> kept = List.of(
                executed(days(1), days(1)),
                executed(days(29), days(29)),
                compensated(days(60), days(2)),       // compensated lately: its last change is recent
                compensatedBeforeExecution(days(3)));

        BoundedPurge.Run run = purge.runOnce();

        assertThat(run).isEqualTo(new BoundedPurge.Run(12, 3, false));
        assertThat(batches).containsExactly(BATCH, BATCH, 2);
        assertThat(present(old)).isEmpty();
        assertThat(present(kept)).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(purge.runOnce()).as("nothing left to purge").isEqualTo(new BoundedPurge.Run(0, 0, false));
    }

    @Test
    void whileAnotherInstancePurgesARunIsSkipped() throws Exception {
        UUID old = executed(days(40), days(40));
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + BoundedPurge.LOCK_NAMESPACE
                    + "'), hashtext('participant_request'))");

            assertThat(purge.runOnce()).isEqualTo(new BoundedPurge.Run(0, 0, true));
            assertThat(present(List.of(old))).containsExactly(old);

            other.rollback();
        }
        assertThat(purge.runOnce()).isEqualTo(new BoundedPurge.Run(1, 1, false));
        assertThat(present(List.of(old))).isEmpty();
    }

    @Test
    void thePurgeFindsTheOldRecordsByTheIndexAmongManyRecentOnes() {
        jdbc.update("""
                INSERT INTO participant_request (request_id, order_id, state, outcome, created_at, executed_at)
                SELECT gen_random_uuid(), 'o-' || i, 'EXECUTED', '{}'::jsonb, now() - make_interval(secs => i),
                       now() - make_interval(secs => i)
                  FROM generate_series(1, 20000) i""");
        executed(days(40), days(40));
        jdbc.execute("ANALYZE participant_request");

        String plan = jdbc.queryForList("EXPLAIN " + purge.batchStatement(), String.class,
                (double) RETENTION.toSeconds(), (double) RETENTION.toSeconds(), BATCH).stream()
                .collect(Collectors.joining("\n"));

        assertThat(plan).contains("participant_request_created_at").contains("Tid Scan").doesNotContain("Seq Scan");
    }

    private UUID executed(Duration createdAgo, Duration executedAgo) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO participant_request (request_id, order_id, state, outcome, created_at, executed_at)
                VALUES (?, 'o-1', 'EXECUTED', '{}'::jsonb, now() - make_interval(secs => ?),
                        now() - make_interval(secs => ?))""",
                id, (double) createdAgo.toSeconds(), (double) executedAgo.toSeconds());
        return id;
    }

    private UUID compensated(Duration createdAgo, Duration compensatedAgo) {
        UUID id = executed(createdAgo, createdAgo);
        jdbc.update("""
                UPDATE participant_request SET state = 'COMPENSATED', compensated_at = now() - make_interval(secs => ?)
                 WHERE request_id = ?""", (double) compensatedAgo.toSeconds(), id);
        return id;
    }

    private UUID compensatedBeforeExecution(Duration ago) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO participant_request (request_id, order_id, state, created_at, compensated_at)
                VALUES (?, 'o-1', 'COMPENSATED_BEFORE_EXECUTION', now() - make_interval(secs => ?),
                        now() - make_interval(secs => ?))""", id, (double) ago.toSeconds(), (double) ago.toSeconds());
        return id;
    }

    private List<UUID> present(List<UUID> ids) {
        return jdbc.queryForList("SELECT request_id FROM participant_request WHERE request_id = ANY (?::uuid[])",
                UUID.class, (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
    }

    private static Duration days(int days) {
        return Duration.ofDays(days);
    }
}
