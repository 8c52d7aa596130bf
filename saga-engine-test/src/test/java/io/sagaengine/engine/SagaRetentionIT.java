package io.sagaengine.engine;

import io.sagaengine.outbox.BoundedPurge;
import io.sagaengine.outbox.ScheduledPurge;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retention purge of finished sagas on the real PostgreSQL: what goes (finished sagas older than the retention,
 * their history, the application's rows of them), what stays (recent finished sagas, and sagas running,
 * compensating or needing attention whatever their age), in batches, with two purgers at once and next to inputs
 * holding a saga's row. The scheduled purger runs every 200 ms with batches of 5 and a retention of 7 days; sagas are
 * written directly with the age a case needs, each case under a saga type of its own.
 */
@SpringBootTest(classes = SagaRetentionIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "outbox.relay.enabled=false",
        "saga.engine.replies.enabled=false",
        "saga.engine.deadlines.enabled=false",
        "saga.engine.retention.finished-sagas=7d",
        "saga.engine.retention.purge-interval=200ms",
        "saga.engine.retention.batch-size=5"})
@ExtendWith(OutputCaptureExtension.class)
class SagaRetentionIT {

    private static final Duration RETENTION = Duration.ofDays(7);
    private static final int BATCH = 5;

    /** Every observer call: saga type and how many of its sagas one batch purged. */
    static final List<Map.Entry<String, Integer>> PURGED = new CopyOnWriteArrayList<>();
    /** Every observer call about unmatched replies: how many records one batch purged. */
    static final List<Integer> UNMATCHED_PURGED = new CopyOnWriteArrayList<>();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SagaDefinition<TestSaga.Data> retentionSaga() {
            return TestSaga.definition("retention", data -> { });
        }

        @Bean
        SagaMessaging testMessaging() {
            return new TestSaga.Messaging();
        }

        /** The application's own row per saga goes with it. */
        @Bean
        SagaPurgeListener hostRows(JdbcTemplate jdbc) {
            return (type, ids) -> jdbc.update("DELETE FROM host_record WHERE saga_id = ANY (?::uuid[])",
                    (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
        }

        @Bean
        SagaEngineObserver purgeCounter() {
            return new SagaEngineObserver() {
                @Override
                public void sagasPurged(String sagaType, int count) {
                    PURGED.add(Map.entry(sagaType, count));
                }

                @Override
                public void unmatchedRepliesPurged(int count) {
                    UNMATCHED_PURGED.add(count);
                }
            };
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EngineServers.useRealServers(registry, "saga_retention_it");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JdbcSagaPurge purge;
    @Autowired
    List<SagaPurgeListener> purgeListeners;
    @Autowired
    List<SagaEngineObserver> observers;
    @Autowired
    @Qualifier("unmatchedReplyPurge")
    ScheduledPurge unmatchedReplies;

    private TransactionTemplate tx;

    @BeforeEach
    void hostTable() {
        UNMATCHED_PURGED.clear();
        tx = new TransactionTemplate(transactionManager);
        jdbc.execute("CREATE TABLE IF NOT EXISTS host_record (saga_id uuid PRIMARY KEY)");
    }

    @Test
    void oldFinishedSagasGoInBatchesWithTheirHistoryAndHostRowsAndEveryOtherSagaStays(CapturedOutput output) {
        String type = "batches";
        Instant now = Instant.now();
        Instant old = now.minus(RETENTION).minus(Duration.ofDays(1));
        Instant ancient = now.minus(Duration.ofDays(400));
        List<UUID> purgeable = new ArrayList<>();
        List<UUID> kept = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < 7; i++) {
                purgeable.add(saga(type, SagaStatus.COMPLETED, old));
            }
            for (int i = 0; i < 5; i++) {
                purgeable.add(saga(type, SagaStatus.COMPENSATED, old));
            }
            kept.add(saga(type, SagaStatus.COMPLETED, now.minus(Duration.ofHours(1))));
            kept.add(saga(type, SagaStatus.COMPENSATED, now.minus(RETENTION).plus(Duration.ofHours(1))));
            kept.add(saga(type, SagaStatus.NEEDS_ATTENTION, ancient));
            kept.add(saga(type, SagaStatus.RUNNING, ancient));
            kept.add(saga(type, SagaStatus.COMPENSATING, ancient));
        });
        // parked: NEEDS_ATTENTION with the state it was parked in
        jdbc.update("UPDATE saga_instance SET parked_state = 'b' WHERE id = ?", kept.get(2));
        // replies another build held for them (a late one for the finished saga)
        heldReply(purgeable.get(0), type);
        heldReply(kept.get(3), type);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("saga_instance", purgeable) == 0);

        assertThat(count("saga_history", purgeable)).as("their history went with them").isZero();
        assertThat(count("host_record", purgeable)).as("the application's rows went with them").isZero();
        assertThat(count("saga_held_reply", purgeable)).as("and the replies held for them").isZero();
        assertThat(count("saga_held_reply", kept)).isOne();
        assertThat(count("saga_instance", kept)).as("recent, needing attention, parked, running, compensating")
                .isEqualTo(kept.size());
        assertThat(count("saga_history", kept)).isEqualTo(3L * kept.size());
        assertThat(count("host_record", kept)).isEqualTo(kept.size());
        List<Integer> batches = PURGED.stream().filter(e -> e.getKey().equals(type)).map(Map.Entry::getValue).toList();
        assertThat(batches).as("counted once each, in batches of at most %d", BATCH)
                .allSatisfy(n -> assertThat(n).isBetween(1, BATCH));
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(purgeable.size());
        await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("Purged 12 saga(s) finished before"));
        assertThat(output.getOut()).as("one line per run, not per saga").doesNotContain("Purged 1 saga(s)");
    }

    @Test
    void twoPurgersAtOnceNeitherFailNorCountASagaTwice() throws Exception {
        String type = "race";
        Instant old = Instant.now().minus(RETENTION).minus(Duration.ofDays(2));
        List<UUID> purgeable = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < 200; i++) {
                purgeable.add(saga(type, i % 2 == 0 ? SagaStatus.COMPLETED : SagaStatus.COMPENSATED, old));
            }
        });
        // the scheduled purger of this context takes part too: three at once
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SagaPurger other = purger();
            runs.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(go);
                return other.purgeFinished();
            }));
        }
        go.countDown();
        for (CompletableFuture<Integer> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count("saga_instance", purgeable) == 0);
        assertThat(count("saga_history", purgeable)).isZero();
        assertThat(count("host_record", purgeable)).isZero();
        assertThat(PURGED.stream().filter(e -> e.getKey().equals(type)).mapToInt(Map.Entry::getValue).sum())
                .as("every saga counted exactly once").isEqualTo(purgeable.size());
    }

    @Test
    void aSagaWhoseRowAnInputHoldsIsSkippedNotWaitedFor() throws Exception {
        String type = "held";
        // finished a day ago: too recent for this context's scheduled purger, which would otherwise take the sagas
        // between their commit and the input's lock; the purger of this case runs ten days ahead
        Instant finished = Instant.now().minus(Duration.ofDays(1));
        SagaPurger tenDaysAhead = purger(Clock.offset(Clock.systemUTC(), Duration.ofDays(10)));
        List<UUID> free = new ArrayList<>();
        UUID[] held = new UUID[1];
        tx.executeWithoutResult(s -> {
            held[0] = saga(type, SagaStatus.COMPLETED, finished);
            for (int i = 0; i < 3; i++) {
                free.add(saga(type, SagaStatus.COMPLETED, finished));
            }
        });
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // an input being handled holds the saga's row for the length of its transaction
        CompletableFuture<Void> input = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            jdbc.queryForList("SELECT id FROM saga_instance WHERE id = ? FOR UPDATE", held[0]);
            locked.countDown();
            awaitQuietly(release);
        }));
        try {
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(tenDaysAhead::purgeFinished);
            run.get(20, TimeUnit.SECONDS);
            assertThat(count("saga_instance", free)).as("the free ones went").isZero();
            assertThat(count("saga_instance", List.of(held[0]))).as("held, so skipped for now").isOne();
        } finally {
            release.countDown();
            input.get(30, TimeUnit.SECONDS);
        }
        assertThat(tenDaysAhead.purgeFinished()).as("once the input is done, the next run takes it").isOne();
        assertThat(count("saga_instance", List.of(held[0]))).isZero();
    }

    @Test
    void oldRecordsOfRepliesThatNamedNoSagaGoInBatchesAndEveryOtherHistoryRowStays(CapturedOutput output) {
        Instant old = Instant.now().minus(RETENTION).minus(Duration.ofDays(1));
        List<UUID> unmatched = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            unmatched.add(history(UUID.randomUUID(), "REPLY_UNMATCHED", old));
        }
        UUID recent = history(UUID.randomUUID(), "REPLY_UNMATCHED", Instant.now().minus(Duration.ofDays(1)));
        UUID otherKind = history(UUID.randomUUID(), "REPLY_IGNORED", old);
        // a saga created after a reply for its id came: that record goes with the saga, not on its own
        UUID[] running = new UUID[1];
        tx.executeWithoutResult(s -> running[0] = saga("unmatched", SagaStatus.RUNNING, old));
        history(running[0], "REPLY_UNMATCHED", old);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("saga_history", unmatched) == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> unmatchedPurged() == unmatched.size());

        assertThat(count("saga_history", List.of(recent, otherKind))).isEqualTo(2);
        assertThat(count("saga_history", List.of(running[0]))).as("the saga's own 3 rows and its early reply")
                .isEqualTo(4);
        assertThat(UNMATCHED_PURGED).as("told once per batch of at most %d", BATCH)
                .allSatisfy(n -> assertThat(n).isBetween(1, BATCH));
        assertThat(output.getOut()).contains("unmatched replies older than PT168H in ");
    }

    @Test
    void whileAnotherInstancePurgesUnmatchedRepliesThisOneLeavesThemAlone() throws Exception {
        Instant old = Instant.now().minus(RETENTION).minus(Duration.ofDays(2));
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + BoundedPurge.LOCK_NAMESPACE
                    + "'), hashtext('unmatched_reply'))");
            List<UUID> unmatched = List.of(history(UUID.randomUUID(), "REPLY_UNMATCHED", old),
                    history(UUID.randomUUID(), "REPLY_UNMATCHED", old));

            assertThat(unmatchedReplies.runOnce()).isEqualTo(new BoundedPurge.Run(0, 0, true));
            // the scheduled purge of this context (every 200 ms) skips too
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> count("saga_history", unmatched) == 2);

            other.rollback();
            await().atMost(Duration.ofSeconds(30)).until(() -> count("saga_history", unmatched) == 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> unmatchedPurged() == 2);
    }

    @Test
    void theUnmatchedReplyPurgeFindsItsRowsByTheIndexAmongManyOthers() {
        jdbc.update("""
                INSERT INTO saga_history (saga_id, at, kind)
                SELECT gen_random_uuid(), now() - make_interval(secs => i), 'TRANSITION'
                  FROM generate_series(1, 20000) i""");
        try {
            // recent: the scheduled purge leaves it
            history(UUID.randomUUID(), "REPLY_UNMATCHED", Instant.now().minus(Duration.ofDays(1)));
            jdbc.execute("ANALYZE saga_history");

            String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + unmatchedReplies.batchStatement(),
                    String.class, (double) RETENTION.toSeconds(), BATCH));

            assertThat(plan).contains("saga_history_unmatched_at").contains("Tid Scan")
                    .doesNotContain("Seq Scan on saga_history");
        } finally {
            jdbc.update("DELETE FROM saga_history WHERE kind = 'TRANSITION' AND NOT EXISTS "
                    + "(SELECT 1 FROM saga_instance s WHERE s.id = saga_history.saga_id)");
        }
    }

    private int unmatchedPurged() {
        return UNMATCHED_PURGED.stream().mapToInt(Integer::intValue).sum();
    }

    /** A history row of this kind under {@code sagaId}, at {@code at}; returns the saga id. */
    private UUID history(UUID sagaId, String kind, Instant at) {
        jdbc.update("INSERT INTO saga_history (saga_id, at, kind, message_id, message_type) VALUES (?, ?, ?, ?, 'X')",
                sagaId, Timestamp.from(at), kind, UUID.randomUUID());
        return sagaId;
    }

    private SagaPurger purger() {
        return purger(Clock.systemUTC());
    }

    private SagaPurger purger(Clock clock) {
        return new SagaPurger(purge, new SpringSagaTransactions(transactionManager), () -> purgeListeners,
                () -> observers, clock, new SagaEngineProperties.Retention(RETENTION, Duration.ofHours(1),
                BATCH, RETENTION));
    }

    /** A saga of this type and status that last changed state at {@code at}, with 3 history rows and a host row. */
    private UUID saga(String type, SagaStatus status, Instant at) {
        UUID id = UUID.randomUUID();
        Timestamp time = Timestamp.from(at);
        jdbc.update("""
                INSERT INTO saga_instance (id, type, status, state, data, steps, version, started_at, updated_at,
                                           progressed_at)
                VALUES (?, ?, ?, ?, '{}'::jsonb, '[]'::jsonb, 1, ?, ?, ?)""",
                id, type, status.name(), status.isTerminal() ? status.name() : "b", time, time, time);
        for (String kind : List.of("TRANSITION", "COMMAND_SENT", "REPLY_RECEIVED")) {
            jdbc.update("INSERT INTO saga_history (saga_id, at, kind) VALUES (?, ?, ?)", id, time, kind);
        }
        jdbc.update("INSERT INTO host_record (saga_id) VALUES (?)", id);
        return id;
    }

    private void heldReply(UUID sagaId, String type) {
        jdbc.update("INSERT INTO saga_held_reply (message_id, saga_id, saga_type, message_type, schema_version, payload, "
                + "held_at) VALUES (?, ?, ?, 'AOk', 1, convert_to('{}', 'UTF8'), now())", UUID.randomUUID(), sagaId, type);
    }

    private long count(String table, List<UUID> sagaIds) {
        String column = table.equals("saga_instance") ? "id" : "saga_id";
        Long n = jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + column + " = ANY (?::uuid[])",
                Long.class, (Object) sagaIds.stream().map(UUID::toString).toArray(String[]::new));
        return n == null ? 0 : n;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
