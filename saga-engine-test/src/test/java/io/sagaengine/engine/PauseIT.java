package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.outbox.DeadLetters;
import io.sagaengine.outbox.MessageHeaders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pause and unpause on the real PostgreSQL and Kafka: a paused saga's reply, read off its topic, is recorded and kept,
 * and applied exactly once by the unpause; its deadline does not fire; a reply that comes while an unpause commits is
 * applied after the kept ones, never left behind.
 */
@SpringBootTest(classes = PauseIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "outbox.relay.enabled=false",
        "outbox.keep-rows=true",
        "saga.engine.deadlines.enabled=false",
        "saga.engine.consumer-group=pause-it"})
class PauseIT {

    private static final String DATABASE = "orchestrator_pause_it";
    private static final String REPLIES = "engine-test.pause-replies";
    private static final String GATED = "gated";

    /** Holds step a's success handler of a saga named {@value #GATED} once armed, until released. */
    static final HandlerGate GATE = new HandlerGate();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SagaDefinition<Data> pauseSaga() {
            return TestSaga.definition("pause", data -> {
                if (GATED.equals(data.name())) {
                    GATE.pass();
                }
            });
        }

        @Bean
        SagaMessaging pauseMessaging() {
            return new TestSaga.Messaging(REPLIES);
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EngineServers.useRealServers(registry, DATABASE);
    }

    @BeforeAll
    static void topics() throws Exception {
        EngineServers.SERVERS.createTopics(1, List.of(REPLIES, DeadLetters.topicFor(REPLIES)));
    }

    @Autowired
    DefaultSagaEngine engine;
    @Autowired
    SagaOperations operations;
    @Autowired
    SagaQueries queries;
    @Autowired
    SagaCensus census;
    @Autowired
    SagaDefinition<Data> saga;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    JdbcReplyFrontier frontier;
    @Autowired
    SagaMessaging messaging;
    @Autowired
    JdbcHeldReplies heldReplies;

    private TransactionTemplate tx;

    @BeforeEach
    void cleanSlate() {
        tx = new TransactionTemplate(transactionManager);
        jdbc.update("DELETE FROM saga_instance");
        jdbc.update("DELETE FROM saga_history");
        jdbc.update("DELETE FROM saga_held_reply");
        jdbc.update("DELETE FROM outbox");
        GATE.reset();
    }

    @AfterEach
    void openGate() {
        GATE.open();
    }

    @Test
    void aReplyReadOffItsTopicWhilePausedIsKeptAndTheUnpauseAppliesItExactlyOnce() {
        EngineServers.awaitReplyListener(listeners);
        UUID paused = start("paused");
        UUID running = start("running");
        OperatorResult pause = operations.pause(paused, 0, "ops@example.com", "participant a is being migrated");
        assertThat(pause.kind()).isEqualTo(OperatorResult.Kind.APPLIED);

        UUID replyId = UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> reply = record(replyId, paused, new AOk(RequestIds.of(paused, "a"), 7));
            producer.send(reply);
            producer.send(reply); // delivered again, same message id
            producer.send(record(UUID.randomUUID(), running, new AOk(RequestIds.of(running, "a"), 1)));
            producer.flush();
        }
        // one partition: once the running saga's reply is applied, both copies of the paused one's were handled
        await().atMost(Duration.ofSeconds(30)).until(() -> "b".equals(view(running).state()));

        SagaView kept = view(paused);
        assertThat(kept.paused()).isTrue();
        assertThat(kept.state()).isEqualTo("a");
        assertThat(kept.version()).as("kept, not applied").isEqualTo(pause.version());
        assertThat(kept.deadlineAt()).as("no deadline while paused").isNull();
        assertThat(outboxTypes(paused)).containsExactly("DoA");
        assertThat(heldReplies(paused)).containsExactly(replyId);
        assertThat(kept.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_HELD)
                .singleElement().satisfies(e -> {
                    assertThat(e.messageId()).isEqualTo(replyId);
                    assertThat(e.reason()).contains("paused");
                    assertThat(e.payload().get("counter").asInt()).isEqualTo(7);
                });
        List<UUID> takenByThePoll = tx.execute(s -> heldReplies.lockSagasWithHeldReplies(
                Set.of(new SagaVersion("pause", SagaDefinition.FIRST_VERSION)), List.of(), 10));
        assertThat(takenByThePoll).as("the held-reply poll does not take a paused saga").isEmpty();
        assertThat(census.unfinished()).filteredOn(g -> g.state().equals("a"))
                .singleElement().satisfies(g -> assertThat(g.paused()).isEqualTo(1));
        assertThat(queries.list(SagaSearch.all(10).paused(true)).items()).singleElement().satisfies(s -> {
            assertThat(s.sagaId()).isEqualTo(paused);
            assertThat(s.pausedAt()).isNotNull();
        });
        assertThat(queries.list(SagaSearch.all(10).paused(false)).items()).extracting(SagaPage.Summary::sagaId)
                .containsExactly(running);
        assertThat(queries.list(SagaSearch.stuck(Duration.ZERO, 10)).items()).as("paused on purpose, not stuck")
                .extracting(SagaPage.Summary::sagaId).containsExactly(running);

        // even a deadline set behind the engine's back (as an older build would) does not fire while paused
        jdbc.update("UPDATE saga_instance SET deadline_at = now() - interval '1 minute'");
        awaitRepliesReadThrough(Instant.now());
        assertThat(engine.fireDueDeadlines()).as("the running saga's deadline only").isEqualTo(1);
        assertThat(outboxTypes(paused)).containsExactly("DoA");
        jdbc.update("UPDATE saga_instance SET deadline_at = NULL WHERE id = ?", paused);

        OperatorResult unpause = operations.unpause(paused, pause.version(), "ops@example.com", "migration done");

        assertThat(unpause.kind()).isEqualTo(OperatorResult.Kind.APPLIED);
        assertThat(unpause.state()).isEqualTo("b");
        SagaView applied = view(paused);
        assertThat(applied.paused()).isFalse();
        assertThat(applied.version()).isEqualTo(unpause.version());
        assertThat(applied.data().get("counter").asInt()).isEqualTo(7);
        assertThat(outboxTypes(paused)).containsExactly("DoA", "DoB");
        assertThat(heldReplies(paused)).isEmpty();
        assertThat(applied.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_RECEIVED)
                .extracting(TimelineEntry::messageId).containsExactly(replyId);
        assertThat(applied.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.OPERATOR_ACTION)
                .extracting(TimelineEntry::event, TimelineEntry::actor).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("OPERATOR_PAUSE", "ops@example.com"),
                        org.assertj.core.groups.Tuple.tuple("OPERATOR_UNPAUSE", "ops@example.com"));
        assertThat(inboxRows(replyId)).as("marked processed once, when it was kept").isEqualTo(1);
    }

    @Test
    void aReplyThatComesWhileTheUnpauseCommitsIsAppliedAfterTheKeptOnesNotLeftHeld() throws Exception {
        UUID id = start(GATED);
        long paused = operations.pause(id, 0, "ops", "hold on").version();
        assertThat(engine.onReply(reply(id, new AOk(RequestIds.of(id, "a"), 1)))).isEqualTo(ReplyOutcome.HELD);

        GATE.arm();
        CompletableFuture<OperatorResult> unpause = CompletableFuture.supplyAsync(() ->
                operations.unpause(id, paused, "ops", "go on"));
        assertThat(GATE.entered()).as("the unpause is applying the kept reply, the saga's row locked").isTrue();
        // step b's reply reads the saga still paused (the unpause has not committed) and waits for its row
        CompletableFuture<ReplyOutcome> late = CompletableFuture.supplyAsync(() ->
                engine.onReply(reply(id, new BOk(RequestIds.of(id, "b"), "noted"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingForALock() > 0 || late.isDone());
        GATE.open();

        assertThat(unpause.get(30, TimeUnit.SECONDS).state()).isEqualTo("b");
        assertThat(late.get(30, TimeUnit.SECONDS)).as("handled again once the unpause committed")
                .isEqualTo(ReplyOutcome.APPLIED);
        SagaView view = view(id);
        assertThat(view.state()).isEqualTo("c");
        assertThat(heldReplies(id)).isEmpty();
        assertThat(outboxTypes(id)).containsExactly("DoA", "DoB", "DoC");
    }

    private UUID start(String name) {
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> engine.start(saga, id, new Data(name, 0, null)));
        return id;
    }

    private ReplyEnvelope reply(UUID sagaId, Object reply) {
        SagaMessaging.Envelope e = messaging.describe(reply);
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, e.type(), e.schemaVersion(), null, null,
                e.json().getBytes(StandardCharsets.UTF_8));
    }

    private ProducerRecord<String, byte[]> record(UUID messageId, UUID sagaId, Object reply) {
        SagaMessaging.Envelope e = messaging.describe(reply);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(REPLIES, sagaId.toString(),
                e.json().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_ID, messageId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, e.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SAGA_ID, sagaId.toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                EngineServers.SERVERS.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    }

    private void awaitRepliesReadThrough(Instant instant) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !frontier.deadlinesDueBy(Instant.now()).isBefore(instant));
    }

    private int waitingForALock() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'", Integer.class);
    }

    private List<String> outboxTypes(UUID sagaId) {
        return jdbc.queryForList("SELECT type FROM outbox WHERE saga_id = ? ORDER BY created_at, id", String.class,
                sagaId.toString());
    }

    private List<UUID> heldReplies(UUID sagaId) {
        return jdbc.queryForList("SELECT message_id FROM saga_held_reply WHERE saga_id = ? ORDER BY seq", UUID.class,
                sagaId);
    }

    private int inboxRows(UUID messageId) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox WHERE consumer = 'pause-it' AND message_id = ?",
                Integer.class, messageId);
    }

    private SagaView view(UUID sagaId) {
        return queries.find(sagaId).orElseThrow();
    }
}
