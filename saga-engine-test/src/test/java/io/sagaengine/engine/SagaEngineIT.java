package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BNo;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.outbox.DeadLetters;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.MessageHeaders;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The engine on the real PostgreSQL and Kafka: optimistic locking between concurrent handlers, the deadline
 * poller with SKIP LOCKED, one transaction per input, and the reply listener.
 */
@SpringBootTest(classes = SagaEngineIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "outbox.relay.enabled=false",
        "outbox.keep-rows=true",
        "saga.engine.deadlines.enabled=false",
        "saga.engine.consumer-group=saga-engine-it"})
class SagaEngineIT {

    private static final String DATABASE = "orchestrator_engine_it";
    private static final RealServers SERVERS = EngineServers.SERVERS;

    /** Blocks the first call of step a's success handler until released, to stage two concurrent handlers. */
    static final HandlerGate GATE = new HandlerGate();
    static final AtomicInteger HANDLER_CALLS = new AtomicInteger();
    /** The status the failing listener refuses to see; null: it accepts everything. */
    static volatile SagaStatus failOn;
    static final List<SagaStatusChange> CHANGES = new CopyOnWriteArrayList<>();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SagaDefinition<Data> itSaga() {
            return TestSaga.definition("it", data -> {
                HANDLER_CALLS.incrementAndGet();
                GATE.pass();
            });
        }

        @Bean
        SagaMessaging testMessaging() {
            return new TestSaga.Messaging();
        }

        @Bean
        SagaStatusListener recordingAndFailingListener() {
            return change -> {
                if (change.to() == failOn) {
                    throw new IllegalStateException("listener refuses " + change.to());
                }
                CHANGES.add(change);
            };
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EngineServers.useRealServers(registry, DATABASE);
    }

    @BeforeAll
    static void topics() throws Exception {
        EngineServers.SERVERS.createTopics(1, List.of(TestSaga.REPLIES, DeadLetters.topicFor(TestSaga.REPLIES)));
    }

    @Autowired
    DefaultSagaEngine engine;
    @Autowired
    SagaQueries queries;
    @Autowired
    SagaDefinition<Data> saga;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    TestSaga.Messaging messaging;
    @Autowired
    JdbcReplyFrontier frontier;
    @Autowired
    JdbcSagaStore store;
    @Autowired
    JdbcHeldReplies heldReplies;
    @Autowired
    Outbox outbox;
    @Autowired
    Inbox inbox;

    private TransactionTemplate tx;

    @BeforeEach
    void cleanSlate() {
        tx = new TransactionTemplate(transactionManager);
        jdbc.update("DELETE FROM saga_instance");
        jdbc.update("DELETE FROM saga_history");
        jdbc.update("DELETE FROM outbox");
        jdbc.update("DELETE FROM inbox");
        jdbc.update("DELETE FROM saga_held_reply");
        GATE.reset();
        HANDLER_CALLS.set(0);
        failOn = null;
        CHANGES.clear();
    }

    @AfterEach
    void openGate() {
        GATE.open();
        failOn = null;
    }

    private UUID start() {
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> engine.start(saga, id, new Data("it", 0, null)));
        return id;
    }

    /**
     * Another instance on the same database, inbox name and topics, of a build that defines {@code definitions}
     * (this application's build defines only {@code it}).
     */
    private DefaultSagaEngine instanceOf(List<SagaDefinition<?>> definitions, ReplyFrontier replyFrontier,
                                         OutboxPublishing publishing) {
        SagaLogic logic = new SagaLogic(new SagaRegistry(definitions, 2), messaging, new SagaJson(),
                java.time.Clock.systemUTC(), () -> 0.5);
        return new DefaultSagaEngine(logic, messaging, store, outbox, inbox,
                new SpringSagaTransactions(transactionManager), List::of, List::of,
                new DefaultSagaEngine.Settings("saga-engine-it", 3, 3, 100, Duration.ofSeconds(2)), replyFrontier,
                heldReplies, publishing);
    }

    /** A saga row of a type this build does not define, as a newer build's instance leaves it. */
    private UUID insertSagaOfType(String type, String deadlineAt) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO saga_instance (id, type, status, state, data, steps, version, deadline_at, started_at, "
                + "updated_at, progressed_at) VALUES (?, ?, 'RUNNING', 'step1', '{}'::jsonb, '[]'::jsonb, 0, "
                + deadlineAt + ", now(), now(), now())", id, type);
        return id;
    }

    /** The request id of the first command the saga's timeline shows sent for {@code step}. */
    private UUID requestIdOf(UUID sagaId, String step) {
        return view(sagaId).timeline().stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.COMMAND_SENT && step.equals(e.step()))
                .findFirst().orElseThrow().requestId();
    }

    private ReplyEnvelope reply(UUID sagaId, Object reply) {
        SagaMessaging.Envelope e = messaging.describe(reply);
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, e.type(), e.schemaVersion(), null, null,
                e.json().getBytes(StandardCharsets.UTF_8));
    }

    private List<String> outboxTypes(UUID sagaId) {
        return jdbc.queryForList("SELECT type FROM outbox WHERE saga_id = ? ORDER BY created_at, id", String.class,
                sagaId.toString());
    }

    /** The kinds of the saga's timeline entries, in order, as the engine reads them back. */
    private List<String> kinds(UUID sagaId) {
        return view(sagaId).timeline().stream().map(e -> e.kind().name()).toList();
    }

    private SagaView view(UUID sagaId) {
        return queries.find(sagaId).orElseThrow();
    }

    /** Waits until the reply listener has read its topic past {@code instant}, so deadlines up to it may fire. */
    private void awaitRepliesReadThrough(Instant instant) {
        EngineServers.awaitReplyListener(listeners);
        await().atMost(Duration.ofSeconds(30)).until(() -> !frontier.deadlinesDueBy(Instant.now()).isBefore(instant));
    }

    @Test
    void theEnginesMigrationsKeepAHistoryOfTheirOwnBesideTheApplicationsOwnV1AndV2() {
        assertThat(jdbc.queryForList("SELECT version || ' ' || description FROM flyway_schema_history "
                + "WHERE success ORDER BY installed_rank", String.class))
                .as("this application's own migrations, and the outbox's")
                .contains("1 ledger", "2 ledger at").noneMatch(m -> m.contains("saga"));
        assertThat(jdbc.queryForList("SELECT version || ' ' || description FROM saga_engine_schema_history "
                + "WHERE success AND type <> 'BASELINE' ORDER BY installed_rank", String.class))
                .containsExactly("1 saga instance", "2 saga history", "3 saga reply frontier", "4 saga held reply",
                        "5 saga history commands", "6 saga history unmatched at", "7 saga instance type started at",
                        "8 saga instance paused", "9 saga instance definition version",
                        "10 saga instance traceparent");
    }

    @Test
    void aDeadlineWaitsWhileNobodyReadsTheRepliesAndTheReplyThatWasWaitingWins() throws Exception {
        awaitRepliesReadThrough(Instant.now());
        MessageListenerContainer replies = listeners.getListenerContainer("saga-replies");
        // paused, not stopped: the listener watchdog restarts a container that stopped
        replies.pause();
        await().atMost(Duration.ofSeconds(30)).until(replies::isContainerPaused);
        UUID id;
        try {
            id = start();
            String json = messaging.describe(new AOk(requestIdOf(id, "a"), 7)).json();
            try (KafkaProducer<String, byte[]> producer = producer()) {
                producer.send(record(id, UUID.randomUUID(), "AOk", json)).get(30, TimeUnit.SECONDS);
            }
            // due after the reply was sent: the participant answered in time, and that nobody reads its answer must
            // not spend the step's budget
            jdbc.update("UPDATE saga_instance SET deadline_at = now() WHERE id = ?", id);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> engine.fireDueDeadlines() == 0);
            assertThat(engine.deadlinesHeldBy()).isPositive();
            assertThat(outboxTypes(id)).containsExactly("DoA");
        } finally {
            replies.resume();
        }
        UUID sagaId = id;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(view(sagaId).state()).isEqualTo("b"));
        assertThat(kinds(sagaId)).doesNotContain("DEADLINE_PASSED");
        assertThat(view(sagaId).steps().get(0).attempts()).isEqualTo(1);
        assertThat(outboxTypes(sagaId)).containsExactly("DoA", "DoB");
    }

    @Test
    void aReplyPartitionNobodyHasReadHoldsEveryDeadlineUntilItIsRead() {
        awaitRepliesReadThrough(Instant.now());
        UUID id = start();
        jdbc.update("UPDATE saga_instance SET deadline_at = now() - interval '1 second' WHERE id = ?", id);
        jdbc.update("INSERT INTO saga_reply_frontier (topic, partition, read_through, updated_at) "
                + "VALUES (?, 99, 'epoch', now())", TestSaga.REPLIES);
        try {
            assertThat(engine.fireDueDeadlines()).as("held by the unread partition").isZero();
        } finally {
            jdbc.update("DELETE FROM saga_reply_frontier WHERE partition = 99");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.fireDueDeadlines() == 1);
        assertThat(outboxTypes(id)).containsExactly("DoA", "DoA");
        assertThat(engine.deadlinesHeldBy()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void sagasOfATypeThisBuildDoesNotDefineNeverStarveTheDeadlinesOfTheOnesItDefines() {
        awaitRepliesReadThrough(Instant.now());
        UUID known = start();
        jdbc.update("UPDATE saga_instance SET deadline_at = now() - interval '1 second' WHERE id = ?", known);
        List<UUID> others = new ArrayList<>();
        for (int i = 0; i < 150; i++) { // more than a batch (100), every one due before the known saga
            others.add(insertSagaOfType(i % 2 == 0 ? "added-in-a-newer-build" : "retired", "now() - interval '1 hour'"));
        }
        DeadlinePoller poller = new DeadlinePoller(engine, frontier, Duration.ofMillis(100), 100);
        poller.start();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(outboxTypes(known)).containsExactly("DoA", "DoA"));
        } finally {
            poller.stop();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_instance WHERE id = ANY (?::uuid[]) "
                        + "AND status = 'RUNNING' AND version = 0 AND deadline_at < now() - interval '30 minutes'",
                Integer.class, (Object) others.stream().map(UUID::toString).toArray(String[]::new)))
                .as("left as they were, for a build that defines them").isEqualTo(150);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_history WHERE saga_id <> ?", Integer.class, known))
                .as("nothing recorded for them").isZero();
    }

    @Test
    void aReplyForASagaOfATypeThisBuildDoesNotDefineIsHeldAndTheBuildThatDefinesItCompletesTheSaga()
            throws Exception {
        EngineServers.awaitReplyListener(listeners);
        SagaDefinition<Data> newerSaga = TestSaga.definition("newer", TestSaga.ReplyHook.NONE);
        DefaultSagaEngine newer = instanceOf(List.of(newerSaga), ReplyFrontier.clockOnly(),
                OutboxPublishing.always());
        UUID other = UUID.randomUUID();
        tx.executeWithoutResult(s -> newer.start(newerSaga, other, new Data("n", 0, null)));
        UUID mine = start();
        UUID held = UUID.randomUUID();

        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record(other, held, "AOk", messaging.describe(new AOk(requestIdOf(other, "a"), 3)).json()));
            producer.send(record(mine, UUID.randomUUID(), "AOk",
                    messaging.describe(new AOk(requestIdOf(mine, "a"), 4)).json()));
            producer.flush();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(view(mine).state()).as("the next reply on the partition").isEqualTo("b"));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE consumer = 'saga-engine-it' "
                    + "AND message_id = ?", Integer.class, held)).as("marked processed").isEqualTo(1);
            assertThat(jdbc.queryForMap("SELECT saga_id, saga_type, message_type, schema_version FROM saga_held_reply "
                    + "WHERE message_id = ?", held)).containsEntry("saga_id", other).containsEntry("saga_type", "newer")
                    .containsEntry("message_type", "AOk").containsEntry("schema_version", 1);
            SagaView waiting = view(other);
            assertThat(waiting.state()).isEqualTo("a");
            assertThat(waiting.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_HELD).singleElement()
                    .satisfies(e -> {
                        assertThat(e.messageId()).isEqualTo(held);
                        assertThat(e.reason()).contains("saga type newer is not defined by this build");
                    });
            assertThat(engine.fireDueDeadlines()).as("this build neither applies it nor fails on it").isZero();

            assertThat(newer.fireDueDeadlines()).isZero();
            assertThat(view(other).state()).isEqualTo("b");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_held_reply", Integer.class)).isZero();
            // the rest of the saga goes the same way: each reply held by this build, applied by the newer one
            producer.send(record(other, UUID.randomUUID(), "BOk",
                    messaging.describe(new TestSaga.BOk(requestIdOf(other, "b"), "fine")).json()));
            producer.flush();
            awaitHeldThenApplied(newer, other, "c");
            producer.send(record(other, UUID.randomUUID(), "COk",
                    messaging.describe(new TestSaga.COk(requestIdOf(other, "c"))).json()));
            producer.flush();
            awaitHeldThenApplied(newer, other, "COMPLETED");
        }
        assertThat(view(other).status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(outboxTypes(other)).containsExactly("DoA", "DoB", "DoC");
        assertThat(kinds(other)).filteredOn("REPLY_HELD"::equals).hasSize(3);
        assertThat(kinds(other)).filteredOn("REPLY_RECEIVED"::equals).hasSize(3);
    }

    private void awaitHeldThenApplied(DefaultSagaEngine newer, UUID sagaId, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM saga_held_reply WHERE saga_id = ?", Integer.class, sagaId) == 1);
        newer.fireDueDeadlines();
        assertThat(view(sagaId).state()).isEqualTo(state);
    }

    @Test
    void noDeadlineFiresWhileTheOutboxCannotPublishAndTheyFireOnceItCan() {
        awaitRepliesReadThrough(Instant.now());
        AtomicBoolean publishing = new AtomicBoolean(false);
        DefaultSagaEngine instance = instanceOf(List.of(saga), frontier, publishing::get);
        UUID id = start();
        jdbc.update("UPDATE saga_instance SET deadline_at = now() - interval '1 minute' WHERE id = ?", id);
        DeadlinePoller poller = new DeadlinePoller(instance, frontier, Duration.ofMillis(100), 100);
        poller.start();
        try {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(outboxTypes(id)).as("no re-send while the slot is lost").containsExactly("DoA"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    instance.deadlinesHeldBy().compareTo(Duration.ofSeconds(1)) > 0);
            assertThat(view(id).steps().get(0).attempts()).isEqualTo(1);
            assertThat(kinds(id)).doesNotContain("DEADLINE_PASSED");

            publishing.set(true);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(outboxTypes(id)).containsExactly("DoA", "DoA"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    instance.deadlinesHeldBy().compareTo(Duration.ofSeconds(1)) < 0);
        } finally {
            poller.stop();
        }
    }

    @Test
    void aSagaStartsInTheCallersTransactionWithItsFirstCommand() {
        UUID id = start();

        SagaView view = view(id);
        assertThat(view.type()).isEqualTo("it");
        assertThat(view.status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(view.state()).isEqualTo("a");
        assertThat(view.version()).isZero();
        assertThat(view.deadlineAt()).isEqualTo(view.startedAt().plusSeconds(10));
        assertThat(view.steps()).extracting(SagaView.StepView::name, SagaView.StepView::status,
                SagaView.StepView::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", StepStatus.RUNNING, 1),
                org.assertj.core.groups.Tuple.tuple("b", StepStatus.PENDING, 0),
                org.assertj.core.groups.Tuple.tuple("c", StepStatus.PENDING, 0));
        assertThat(view.steps().get(0).requestId()).isEqualTo(requestIdOf(id, "a"));
        assertThat(view.data().get("name").asString()).isEqualTo("it");
        assertThat(view.timeline()).extracting(TimelineEntry::kind)
                .containsExactly(TimelineEntry.Kind.TRANSITION, TimelineEntry.Kind.COMMAND_SENT);
        assertThat(view.timeline().get(1).payload().get("requestId").asString())
                .isEqualTo(view.steps().get(0).requestId().toString());
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM outbox WHERE saga_id = ?", id.toString());
        assertThat(row).containsEntry("topic", TestSaga.COMMANDS).containsEntry("type", "DoA")
                .containsEntry("aggregateid", id.toString())
                .containsEntry("id", view.timeline().get(1).messageId());
        assertThatThrownBy(() -> engine.start(saga, UUID.randomUUID(), new Data("x", 0, null)))
                .as("outside a transaction").isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
    }

    @Test
    void ofTwoConcurrentHandlersOneWinsAndTheOtherRetriesOnTheNewState() throws Exception {
        UUID id = start();
        UUID requestId = requestIdOf(id, "a");
        ReplyEnvelope first = reply(id, new AOk(requestId, 1));
        ReplyEnvelope resent = reply(id, new AOk(requestId, 2)); // the participant answered twice

        GATE.arm();
        CompletableFuture<ReplyOutcome> slow = CompletableFuture.supplyAsync(() -> engine.onReply(first));
        assertThat(GATE.entered()).as("the first handler read the saga").isTrue();
        ReplyOutcome fast = engine.onReply(resent);
        GATE.open();
        ReplyOutcome late = slow.get(30, TimeUnit.SECONDS);

        assertThat(fast).isEqualTo(ReplyOutcome.APPLIED);
        assertThat(late).as("the loser retried against the winner's state: its reply is now late")
                .isEqualTo(ReplyOutcome.IGNORED);
        assertThat(HANDLER_CALLS).hasValue(2);
        SagaView view = view(id);
        assertThat(view.state()).isEqualTo("b");
        assertThat(view.version()).as("the ignored reply is in the timeline only").isEqualTo(1);
        assertThat(view.data().get("counter").asInt()).as("the winner's data").isEqualTo(2);
        assertThat(outboxTypes(id)).containsExactly("DoA", "DoB");
        assertThat(kinds(id)).containsExactly("TRANSITION", "COMMAND_SENT", "REPLY_RECEIVED", "TRANSITION",
                "COMMAND_SENT", "REPLY_IGNORED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE consumer = 'saga-engine-it' "
                + "AND message_id IN (?, ?)", Integer.class, first.messageId(), resent.messageId())).isEqualTo(2);
    }

    @Test
    void thePollerLocksDueSagasWithSkipLockedSoEachIsHandledOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(start());
        }
        jdbc.update("UPDATE saga_instance SET deadline_at = now() - interval '1 minute'");
        awaitRepliesReadThrough(Instant.now());
        List<UUID> held = ids.subList(0, 3);
        List<UUID> free = ids.subList(3, 10);

        try (Connection other = DriverManager.getConnection(SERVERS.jdbcUrl(DATABASE), SERVERS.username(),
                SERVERS.password())) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "SELECT id FROM saga_instance WHERE id = ANY (?) FOR UPDATE")) {
                lock.setArray(1, other.createArrayOf("uuid", held.toArray()));
                lock.executeQuery().close();
            }
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> pollers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pollers.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(go);
                    return engine.fireDueDeadlines();
                }));
            }
            go.countDown();
            int handled = 0;
            for (CompletableFuture<Integer> poller : pollers) {
                handled += poller.get(60, TimeUnit.SECONDS);
            }
            assertThat(handled).as("each free saga once, the held ones skipped").isEqualTo(free.size());
            for (UUID id : free) {
                assertThat(outboxTypes(id)).as("saga %s", id).containsExactly("DoA", "DoA");
                assertThat(view(id).steps().get(0).attempts()).isEqualTo(2);
                assertThat(view(id).version()).isEqualTo(1);
            }
            for (UUID id : held) {
                assertThat(outboxTypes(id)).as("held saga %s", id).containsExactly("DoA");
            }
            other.rollback();
        }

        assertThat(engine.fireDueDeadlines()).as("the released ones").isEqualTo(held.size());
        assertThat(engine.fireDueDeadlines()).as("nothing due any more").isZero();
        for (UUID id : held) {
            assertThat(outboxTypes(id)).containsExactly("DoA", "DoA");
        }
        UUID resent = view(free.get(0)).timeline().stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.COMMAND_SENT)
                .reduce((first, second) -> second).orElseThrow().requestId();
        assertThat(resent).as("a re-send keeps the requestId").isEqualTo(requestIdOf(free.get(0), "a"));
    }

    @Test
    void theDeadlinePollerRunsOnItsOwn() {
        UUID id = start();
        DeadlinePoller poller = new DeadlinePoller(engine, frontier, Duration.ofMillis(100), 10);
        poller.start();
        try {
            jdbc.update("UPDATE saga_instance SET deadline_at = now() - interval '1 second' WHERE id = ?", id);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(outboxTypes(id)).containsExactly("DoA", "DoA"));
        } finally {
            poller.stop();
        }
        assertThat(poller.isRunning()).isFalse();
    }

    @Test
    void aFailureAfterTheOutboxAppendRollsBackTheSagaItsHistoryAndItsOutboxRows() {
        failOn = SagaStatus.RUNNING; // the listener is called after the saga row, history and outbox are written
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> engine.start(saga, id, new Data("it", 0, null))))
                .hasMessageContaining("listener refuses RUNNING");

        assertThat(queries.find(id)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_history WHERE saga_id = ?", Integer.class, id))
                .isZero();
        assertThat(outboxTypes(id)).isEmpty();
    }

    @Test
    void aReplyWhoseHandlingKeepsFailingLeavesNoTraceButTheParkingAndItsRecord() {
        UUID id = start();
        engine.onReply(reply(id, new AOk(requestIdOf(id, "a"), 1)));
        failOn = SagaStatus.COMPENSATING; // the failure reply's transition sends UndoA, then the listener throws
        ReplyEnvelope refused = reply(id, new BNo(requestIdOf(id, "b")));

        assertThat(engine.onReply(refused)).isEqualTo(ReplyOutcome.PARKED);

        SagaView view = view(id);
        assertThat(view.status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(view.parkedState()).isEqualTo("b");
        assertThat(view.lastError()).contains("listener refuses COMPENSATING");
        assertThat(outboxTypes(id)).as("no UndoA from the failed tries").containsExactly("DoA", "DoB");
        assertThat(kinds(id)).containsExactly("TRANSITION", "COMMAND_SENT", "REPLY_RECEIVED", "TRANSITION",
                "COMMAND_SENT", "REPLY_FAILED", "TRANSITION");
        TimelineEntry failed = view.timeline().get(5);
        assertThat(failed.messageId()).isEqualTo(refused.messageId());
        assertThat(failed.messageType()).isEqualTo("BNo");
        assertThat(failed.payload().get("requestId").asString()).isEqualTo(requestIdOf(id, "b").toString());
        assertThat(engine.onReply(refused)).as("marked processed with the parking").isEqualTo(ReplyOutcome.DUPLICATE);

        failOn = null;
        OperatorResult retried = engine.retry(id, view.version(), "ops", "listener fixed");
        assertThat(retried.kind()).isEqualTo(OperatorResult.Kind.APPLIED);
        assertThat(retried.version()).isEqualTo(view.version() + 1);
        assertThat(outboxTypes(id)).containsExactly("DoA", "DoB", "DoB");
        assertThat(engine.retry(id, view.version(), "ops", "again").kind())
                .isEqualTo(OperatorResult.Kind.STALE_VERSION);
        assertThat(view(id).timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.OPERATOR_ACTION)
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("ops");
                    assertThat(e.reason()).isEqualTo("listener fixed");
                    assertThat(e.event()).isEqualTo("OPERATOR_RETRY");
                });
    }

    @Test
    void queriesListSagasInPagesAndFindTheStuckOnes() {
        UUID first = start();
        UUID second = start();
        UUID third = start();
        jdbc.update("UPDATE saga_instance SET progressed_at = now() - interval '10 minutes' WHERE id = ?", second);
        jdbc.update("UPDATE saga_instance SET status = 'NEEDS_ATTENTION', state = 'NEEDS_ATTENTION', "
                + "parked_state = 'a', deadline_at = NULL WHERE id = ?", third);

        SagaPage page = queries.list(SagaSearch.all(2));
        assertThat(page.items()).extracting(SagaPage.Summary::sagaId).containsExactly(first, second);
        SagaPage rest = queries.list(SagaSearch.all(2).after(page.nextCursor()));
        assertThat(rest.items()).extracting(SagaPage.Summary::sagaId).containsExactly(third);
        assertThat(rest.nextCursor()).isNull();

        assertThat(queries.list(SagaSearch.stuck(Duration.ofMinutes(5), 10)).items())
                .extracting(SagaPage.Summary::sagaId).containsExactly(second, third);
        assertThat(queries.list(new SagaSearch(SagaStatus.NEEDS_ATTENTION, false, Duration.ZERO, 10, null)).items())
                .extracting(SagaPage.Summary::sagaId).containsExactly(third);
        assertThatThrownBy(() -> queries.list(SagaSearch.all(2).after("garbage!")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repliesArriveThroughTheListenerOnceEvenWhenDeliveredTwiceAndPoisonGoesToTheDeadLetterTopic() {
        EngineServers.awaitReplyListener(listeners);
        UUID id = start();
        UUID requestId = requestIdOf(id, "a");
        String json = messaging.describe(new AOk(requestId, 5)).json();
        UUID messageId = UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, byte[]> deadLetters = consumer(DeadLetters.topicFor(TestSaga.REPLIES))) {
            ProducerRecord<String, byte[]> record = record(id, messageId, "AOk", json);
            producer.send(record);
            producer.send(record(id, messageId, "AOk", json));
            producer.send(record(id, UUID.randomUUID(), "AOk", "{not json"));
            producer.flush();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(view(id).state()).isEqualTo("b"));
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(r -> r.key().equals(id.toString()));
            });
            ConsumerRecord<String, byte[]> poison = dead.stream().filter(r -> r.key().equals(id.toString()))
                    .findFirst().orElseThrow();
            assertThat(new String(poison.headers().lastHeader(MessageHeaders.DLT_REASON).value(),
                    StandardCharsets.UTF_8)).contains("malformed AOk");
        }
        assertThat(view(id).timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_RECEIVED).hasSize(1);
        assertThat(view(id).data().get("counter").asInt()).isEqualTo(5);
        assertThat(outboxTypes(id)).containsExactly("DoA", "DoB");
    }

    private static ProducerRecord<String, byte[]> record(UUID sagaId, UUID messageId, String type, String json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TestSaga.REPLIES, sagaId.toString(),
                json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_ID, messageId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SAGA_ID, sagaId.toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "saga-engine-it-dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Set.of(topic));
        return consumer;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
