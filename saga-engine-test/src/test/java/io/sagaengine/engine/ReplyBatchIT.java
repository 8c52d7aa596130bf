package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BNo;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.outbox.DeadLetters;
import io.sagaengine.outbox.MessageHeaders;
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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replies of one poll applied in one transaction, a savepoint each, on the real PostgreSQL and Kafka: a reply
 * that fails is undone alone and handled on its own while the others commit.
 */
@SpringBootTest(classes = ReplyBatchIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "outbox.relay.enabled=false",
        "outbox.keep-rows=true",
        "saga.engine.deadlines.enabled=false",
        "saga.engine.consumer-group=reply-batch-it"})
class ReplyBatchIT {

    private static final String DATABASE = "orchestrator_reply_batch_it";
    private static final String REPLIES = "engine-test.batch-replies";
    private static final String GATED = "gated";

    /** Blocks the first call of step a's success handler on a saga named {@value #GATED} until released. */
    static final HandlerGate GATE = new HandlerGate();
    static final AtomicInteger HANDLER_CALLS = new AtomicInteger();
    /** The status the listener refuses, after registering its after-commit work; null: it accepts everything. */
    static volatile SagaStatus failOn;
    /** Status changes whose transaction committed, as a listener's after-commit work saw them. */
    static final List<SagaStatusChange> COMMITTED = new CopyOnWriteArrayList<>();
    /** Replies the engine reported applied, once committed: saga id's data name and the step's result. */
    static final List<String> REPORTED = new CopyOnWriteArrayList<>();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SagaDefinition<Data> batchSaga() {
            return TestSaga.definition("batch", data -> {
                HANDLER_CALLS.incrementAndGet();
                if (GATED.equals(data.name())) {
                    GATE.pass();
                }
            });
        }

        @Bean
        SagaMessaging batchMessaging() {
            return new TestSaga.Messaging(REPLIES);
        }

        /** As a listener that frees resources once a change commits does (the admission limit does so). */
        @Bean
        SagaStatusListener afterCommitThenFailingListener() {
            return change -> {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        COMMITTED.add(change);
                    }
                });
                if (change.to() == failOn) {
                    throw new IllegalStateException("listener refuses " + change.to());
                }
            };
        }

        @Bean
        SagaEngineObserver reportingObserver() {
            return new SagaEngineObserver() {
                @Override
                public void replyApplied(String sagaType, String step, StepResult result, Duration latency) {
                    REPORTED.add(step + " " + result);
                }
            };
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
    SagaMessaging messaging;

    private TransactionTemplate tx;

    @BeforeEach
    void cleanSlate() {
        tx = new TransactionTemplate(transactionManager);
        jdbc.update("DELETE FROM saga_instance");
        jdbc.update("DELETE FROM saga_history");
        jdbc.update("DELETE FROM outbox");
        jdbc.update("DELETE FROM inbox");
        GATE.reset();
        HANDLER_CALLS.set(0);
        failOn = null;
        COMMITTED.clear();
        REPORTED.clear();
    }

    @AfterEach
    void openGate() {
        GATE.open();
        failOn = null;
    }

    @Test
    void twoRepliesOfOneSagaInOneBatchApplyInOrderInOneTransaction() {
        UUID id = start("x");
        ReplyEnvelope aOk = reply(id, new AOk(RequestIds.of(id, "a"), 3));
        ReplyEnvelope bOk = reply(id, new BOk(RequestIds.of(id, "b"), "noted"));

        engine.onReplies(List.of(aOk, bOk));

        SagaView view = view(id);
        assertThat(view.state()).as("the second reply saw the first one's effect").isEqualTo("c");
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.data().get("counter").asInt()).isEqualTo(3);
        assertThat(view.data().get("note").asString()).isEqualTo("noted");
        assertThat(outboxTypes(id)).containsExactly("DoA", "DoB", "DoC");
        assertThat(view.timeline().stream().filter(e -> e.kind() == TimelineEntry.Kind.REPLY_RECEIVED)
                .map(TimelineEntry::messageId))
                .containsExactly(aOk.messageId(), bOk.messageId());
        assertThat(transactionsOf(aOk, bOk)).as("both marked processed by one transaction").isEqualTo(1);
        assertThat(REPORTED).as("reported once committed, in order").containsExactly("a SUCCEEDED", "b SUCCEEDED");
    }

    @Test
    void aConflictUndoesOnlyItsOwnReplyWhichIsRetriedWhileTheOthersCommitOnce() throws Exception {
        UUID x = start("x");
        UUID y = start(GATED);
        UUID z = start("z");
        ReplyEnvelope forX = reply(x, new AOk(RequestIds.of(x, "a"), 1));
        ReplyEnvelope forY = reply(y, new AOk(RequestIds.of(y, "a"), 1));
        ReplyEnvelope forZ = reply(z, new AOk(RequestIds.of(z, "a"), 1));
        ReplyEnvelope resentForY = reply(y, new AOk(RequestIds.of(y, "a"), 2)); // the participant answered twice

        GATE.arm();
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> engine.onReplies(List.of(forX, forY, forZ)));
        assertThat(GATE.entered()).as("the batch read saga y").isTrue();
        assertThat(engine.onReply(resentForY)).as("another writer moves y on meanwhile").isEqualTo(ReplyOutcome.APPLIED);
        GATE.open();
        batch.get(30, TimeUnit.SECONDS);

        assertThat(HANDLER_CALLS).as("x and z once, y by the batch (undone) and by the other writer").hasValue(4);
        assertThat(view(x).state()).isEqualTo("b");
        assertThat(view(z).state()).isEqualTo("b");
        assertThat(outboxTypes(x)).containsExactly("DoA", "DoB");
        assertThat(outboxTypes(z)).containsExactly("DoA", "DoB");
        SagaView yView = view(y);
        assertThat(yView.state()).isEqualTo("b");
        assertThat(yView.version()).as("the batch's reply, retried, came late: timeline only").isEqualTo(1);
        assertThat(yView.data().get("counter").asInt()).as("the other writer's data").isEqualTo(2);
        assertThat(outboxTypes(y)).containsExactly("DoA", "DoB");
        assertThat(kinds(y)).containsExactly("TRANSITION", "COMMAND_SENT", "REPLY_RECEIVED", "TRANSITION",
                "COMMAND_SENT", "REPLY_IGNORED");
        assertThat(transactionsOf(forX, forY, forZ))
                .as("x committed before y was retried on its own, z after it").isEqualTo(3);
        assertThat(REPORTED).containsExactly("a SUCCEEDED", "a SUCCEEDED", "a SUCCEEDED");
    }

    @Test
    void theAfterCommitWorkOfAReplyUndoneInItsSavepointNeverRuns() {
        UUID x = start("x");
        UUID y = start("y");
        engine.onReply(reply(y, new AOk(RequestIds.of(y, "a"), 1)));
        COMMITTED.clear();
        REPORTED.clear();
        failOn = SagaStatus.COMPENSATING; // y's refusal compensates; the listener registers, then throws

        engine.onReplies(List.of(reply(x, new AOk(RequestIds.of(x, "a"), 1)), reply(y, new BNo(RequestIds.of(y, "b")))));

        assertThat(view(x).state()).isEqualTo("b");
        assertThat(view(y).status()).as("parked after its tries on its own").isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(COMMITTED).as("nothing of y's undone compensation").extracting(SagaStatusChange::sagaId,
                SagaStatusChange::to).containsExactly(org.assertj.core.groups.Tuple.tuple(y, SagaStatus.NEEDS_ATTENTION));
        assertThat(REPORTED).as("x's reply only: y's failure was never applied").containsExactly("a SUCCEEDED");
        assertThat(outboxTypes(y)).as("no UndoA").containsExactly("DoA", "DoB");
    }

    @Test
    void aPoisonReplyAmongOthersOfOnePollGoesAloneToTheDeadLetterTopicAndTheOthersCommit() {
        EngineServers.awaitReplyListener(listeners);
        MessageListenerContainer container = listeners.getListenerContainer("saga-replies");
        UUID x = start("x");
        UUID poisoned = start("p");
        UUID z = start("z");
        // paused, not stopped (the listener watchdog restarts a container that stopped): the three come in one poll
        container.pause();
        await().atMost(Duration.ofSeconds(30)).until(container::isContainerPaused);
        try (KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, byte[]> deadLetters = consumer(DeadLetters.topicFor(REPLIES))) {
            try {
                producer.send(record(x, "AOk", json(new AOk(RequestIds.of(x, "a"), 1))));
                producer.send(record(poisoned, "AOk", "{not json"));
                producer.send(record(z, "AOk", json(new AOk(RequestIds.of(z, "a"), 1))));
                producer.flush();
            } finally {
                container.resume();
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(view(x).state()).isEqualTo("b");
                assertThat(view(z).state()).isEqualTo("b");
            });
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                deadLetters.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(r -> r.key().equals(poisoned.toString()));
            });
            assertThat(dead).as("the poison alone").extracting(ConsumerRecord::key)
                    .containsExactly(poisoned.toString());
            assertThat(new String(dead.get(0).headers().lastHeader(MessageHeaders.DLT_REASON).value(),
                    StandardCharsets.UTF_8)).contains("malformed AOk");
        }
        assertThat(view(poisoned).state()).isEqualTo("a");
        assertThat(outboxTypes(x)).containsExactly("DoA", "DoB");
        assertThat(outboxTypes(z)).containsExactly("DoA", "DoB");
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

    private String json(Object reply) {
        return messaging.describe(reply).json();
    }

    /**
     * How many transactions marked these replies processed: an inbox row's time is its transaction's start
     * ({@code now()}), savepoints included (unlike {@code xmin}, which is the savepoint's own).
     */
    private int transactionsOf(ReplyEnvelope... replies) {
        return jdbc.queryForObject("SELECT count(DISTINCT processed_at) FROM inbox WHERE consumer = 'reply-batch-it' "
                        + "AND message_id = ANY (?::uuid[])", Integer.class,
                (Object) java.util.Arrays.stream(replies).map(r -> r.messageId().toString()).toArray(String[]::new));
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

    private static ProducerRecord<String, byte[]> record(UUID sagaId, String type, String json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(REPLIES, sagaId.toString(),
                json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SAGA_ID, sagaId.toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                EngineServers.SERVERS.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EngineServers.SERVERS.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reply-batch-it-dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Set.of(topic));
        return consumer;
    }
}
