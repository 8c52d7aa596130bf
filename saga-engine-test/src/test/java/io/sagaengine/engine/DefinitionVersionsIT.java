package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.Outbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Definition versions on the real PostgreSQL: this application's build registers versions 1 and 2 of saga type
 * {@code vit}; an instance of an older build, on the same database, only version 1. The version is stored with each
 * saga; the older instance's deadline poller and held-reply pass skip version 2 in their queries, its queries and
 * census show version 2 as not defined here, and an operator migration moves a saga's row to version 2 in one
 * optimistic write, recorded in its timeline, with the command it sends in the outbox.
 */
@SpringBootTest(classes = DefinitionVersionsIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "outbox.relay.enabled=false",
                "outbox.keep-rows=true",
                "saga.engine.deadlines.enabled=false",
                "saga.engine.deadlines.wait-for-replies=false",
                "saga.engine.replies.enabled=false",
                "saga.engine.consumer-group=saga-engine-versions-it"})
class DefinitionVersionsIT {

    private static final String DATABASE = "orchestrator_engine_versions_it";
    static final SagaDefinition<Data> V1 = TestSaga.definition("vit", TestSaga.ReplyHook.NONE);
    static final SagaDefinition<Data> V2 = TestSaga.definitionV2("vit");

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SagaDefinition<Data> vitV1() {
            return V1;
        }

        @Bean
        SagaDefinition<Data> vitV2() {
            return V2;
        }

        @Bean
        SagaMessaging testMessaging() {
            return new TestSaga.Messaging();
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EngineServers.useRealServers(registry, DATABASE);
    }

    @Autowired
    DefaultSagaEngine newer;
    @Autowired
    SagaQueries queries;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    TestSaga.Messaging messaging;
    @Autowired
    JdbcSagaStore store;
    @Autowired
    JdbcHeldReplies heldReplies;
    @Autowired
    Outbox outbox;
    @Autowired
    Inbox inbox;

    private TransactionTemplate tx;
    private DefaultSagaEngine older;
    private JdbcSagaQueries olderQueries;

    @BeforeEach
    void cleanSlate() {
        tx = new TransactionTemplate(transactionManager);
        jdbc.update("DELETE FROM saga_instance");
        jdbc.update("DELETE FROM saga_history");
        jdbc.update("DELETE FROM outbox");
        jdbc.update("DELETE FROM inbox");
        jdbc.update("DELETE FROM saga_held_reply");
        SagaLogic logic = new SagaLogic(new SagaRegistry(List.of(V1), 2), messaging, new SagaJson(),
                Clock.systemUTC(), () -> 0.5);
        older = new DefaultSagaEngine(logic, messaging, store, outbox, inbox,
                new SpringSagaTransactions(transactionManager), List::of, List::of,
                new DefaultSagaEngine.Settings("saga-engine-versions-it", 3, 3, 100, Duration.ofSeconds(2)),
                ReplyFrontier.clockOnly(), heldReplies, OutboxPublishing.always());
        olderQueries = new JdbcSagaQueries(jdbc, new SagaJson(), Clock.systemUTC(), Set.of(new SagaVersion("vit", 1)));
    }

    private UUID start(DefaultSagaEngine engine) {
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> engine.start(V1, id, new Data("it", 0, null)));
        return id;
    }

    private ReplyEnvelope reply(UUID sagaId, Object reply) {
        SagaMessaging.Envelope e = messaging.describe(reply);
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, e.type(), e.schemaVersion(), null, null,
                e.json().getBytes(StandardCharsets.UTF_8));
    }

    private int storedVersion(UUID sagaId) {
        return jdbc.queryForObject("SELECT definition_version FROM saga_instance WHERE id = ?", Integer.class, sagaId);
    }

    @Test
    void eachInstanceTakesOnlyTheDeadlinesAndHeldRepliesOfTheVersionsItsBuildDefines() {
        UUID onV1 = start(older);
        UUID onV2 = start(newer);
        assertThat(storedVersion(onV1)).isEqualTo(1);
        assertThat(storedVersion(onV2)).as("new sagas start on the newest version").isEqualTo(2);

        assertThat(older.onReply(reply(onV2, new AOk(RequestIds.of(onV2, "a"), 3)))).isEqualTo(ReplyOutcome.HELD);
        jdbc.update("UPDATE saga_instance SET deadline_at = now() - interval '1 minute'");

        assertThat(older.fireDueDeadlines()).as("only the saga of version 1").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_held_reply", Integer.class)).isEqualTo(1);
        assertThat(olderQueries.find(onV2).orElseThrow()).satisfies(view -> {
            assertThat(view.definitionVersion()).isEqualTo(2);
            assertThat(view.definedHere()).isFalse();
        });
        assertThat(olderQueries.list(SagaSearch.all(10)).items())
                .extracting(SagaPage.Summary::sagaId, SagaPage.Summary::definitionVersion, SagaPage.Summary::definedHere)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(onV1, 1, true),
                        org.assertj.core.groups.Tuple.tuple(onV2, 2, false));
        assertThat(olderQueries.undefinedVersions()).containsExactly(new SagaCensus.UndefinedVersion("vit", 2, 1, 1));
        assertThat(((SagaCensus) queries).undefinedVersions()).isEmpty();
        assertThat(olderQueries.unfinishedByVersion()).containsExactly(
                new SagaCensus.VersionInFlight("vit", 1, 1, true), new SagaCensus.VersionInFlight("vit", 2, 1, false));

        assertThat(newer.fireDueDeadlines()).as("the other one, once its held reply is applied").isZero();
        assertThat(jdbc.queryForObject("SELECT state FROM saga_instance WHERE id = ?", String.class, onV2))
                .as("version 2's next step").isEqualTo("c");
        assertThat(queries.find(onV2).orElseThrow().definedHere()).isTrue();
    }

    @Test
    void aMigrationMovesTheRowToTheNewVersionInOneOptimisticWriteWithItsTimelineAndCommand() {
        UUID id = start(older);
        assertThat(older.onReply(reply(id, new AOk(RequestIds.of(id, "a"), 3)))).isEqualTo(ReplyOutcome.APPLIED);
        long seen = queries.find(id).orElseThrow().version();
        SagaMigration migration = SagaMigration.of("vit", 1, 2).map("b", "c").build();

        assertThat(newer.migrate(migration, List.of(new MigrationTarget(id, seen - 1)), "olga", "OPS-7"))
                .singleElement().extracting(MigrationResult::outcome).isEqualTo(MigrationResult.Outcome.STALE_VERSION);
        List<MigrationResult> results = newer.migrate(migration, List.of(new MigrationTarget(id, seen)), "olga",
                "OPS-7");

        assertThat(results).singleElement().extracting(MigrationResult::outcome)
                .isEqualTo(MigrationResult.Outcome.MIGRATED);
        SagaView view = queries.find(id).orElseThrow();
        assertThat(view.definitionVersion()).isEqualTo(2);
        assertThat(view.state()).isEqualTo("c");
        assertThat(view.version()).isEqualTo(seen + 1);
        assertThat(view.steps()).extracting(SagaView.StepView::name).containsExactly("a", "c", "d", "b");
        assertThat(view.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.OPERATOR_ACTION).singleElement()
                .satisfies(e -> {
                    assertThat(e.event()).isEqualTo("MIGRATE");
                    assertThat(e.actor()).isEqualTo("olga");
                    assertThat(e.fromState()).isEqualTo("b");
                    assertThat(e.toState()).isEqualTo("c");
                });
        assertThat(jdbc.queryForList("SELECT type FROM outbox WHERE saga_id = ? ORDER BY created_at, id", String.class,
                id.toString())).containsExactly("DoA", "DoB", "DoC");

        assertThat(older.onReply(reply(id, new TestSaga.COk(RequestIds.of(id, "c"))))).as("version 2 now")
                .isEqualTo(ReplyOutcome.HELD);
    }
}
