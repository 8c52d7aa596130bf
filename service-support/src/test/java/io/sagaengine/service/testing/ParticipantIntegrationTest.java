package io.sagaengine.service.testing;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.Topics;
import io.sagaengine.outbox.DeadLetters;
import io.sagaengine.outbox.listener.ListenerContainers;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.service.participant.CommandDispatcher;
import io.sagaengine.testsupport.RealServers;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import io.sagaengine.testsupport.kafka.TestProducer;
import io.sagaengine.testsupport.kafka.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What the integration test of a participant service stands on: the whole service on the real servers, two users
 * ({@link #support()} and {@link #operator()}), the relay streaming, a producer that sends commands as the
 * orchestrator would, and a recorder of the participant's reply and dead-letter topics.
 *
 * <pre>{@code
 * @TestPropertySource(properties = "payment.default-currency=EUR")
 * class PaymentParticipantIT extends ParticipantIntegrationTest {
 *
 *     PaymentParticipantIT() {
 *         super(Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES);
 *     }
 *
 *     @DynamicPropertySource
 *     static void servers(DynamicPropertyRegistry registry) {
 *         useRealServers(registry, "payment_it");
 *     }
 * }
 * }</pre>
 *
 * One instance serves all tests of a class, so the clients can follow the subclass's topics; subclasses keep no
 * state in fields besides injected beans.
 */
@SpringBootTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {
        "saga.security.users[0].name=" + ParticipantIntegrationTest.SUPPORT_USER,
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT",
        "saga.security.users[1].name=" + ParticipantIntegrationTest.OPERATOR_USER,
        "saga.security.users[1].password={bcrypt}$2a$10$tF2CUDwGIIx.rALOowQjLe7qG7.6mJMgriIlUIDtBT.9szacqXtOm",
        "saga.security.users[1].roles=SUPPORT,OPERATOR"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ParticipantIntegrationTest {

    protected static final ContractJson JSON = ContractJson.standard();
    protected static final String SUPPORT_USER = "sam";
    protected static final String OPERATOR_USER = "olga";
    // the clear-text passwords of the bcrypt hashes above
    private static final String SUPPORT_PASSWORD = "test-support-pw";
    private static final String OPERATOR_PASSWORD = "test-operator-pw";

    private static final RealServers SERVERS = RealServers.shared();
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final String commandTopic;
    private final String replyTopic;
    private final String deadLetterTopic;
    private TestProducer producer;
    private TopicRecorder recorder;

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected CommandDispatcher dispatcher;
    @Autowired
    private ObjectProvider<ListenerContainers> listenerContainers;

    protected ParticipantIntegrationTest(String commandTopic, String replyTopic) {
        this.commandTopic = commandTopic;
        this.replyTopic = replyTopic;
        this.deadLetterTopic = DeadLetters.topicFor(commandTopic);
    }

    /**
     * Points the service at a database of its own and at the broker of the real servers; call it from the
     * subclass's {@code @DynamicPropertySource}.
     */
    protected static void useRealServers(DynamicPropertyRegistry registry, String database) {
        SERVERS.springProperties(database).forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void startClients(@Autowired OutboxRelay relay) throws InterruptedException {
        assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("relay streaming").isTrue();
        producer = new TestProducer(SERVERS.bootstrapServers());
        recorder = TopicRecorder.start(SERVERS.bootstrapServers(), replyTopic, deadLetterTopic);
    }

    @AfterAll
    void closeClients() {
        if (recorder != null) {
            recorder.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    // --- sending ---------------------------------------------------------------------------------------------

    /** Sends {@code command} as the orchestrator would and returns its message id (the causation id of the reply). */
    protected UUID send(Command command, String saga, String traceparent) {
        UUID messageId = UUID.randomUUID();
        sendRecord(saga, JSON.encodeBytes(command), commandHeaders(messageId, command, saga, traceparent));
        return messageId;
    }

    /** Sends a record of any content to the command topic, e.g. a poison record. */
    protected void sendRecord(String saga, byte[] value, Map<String, String> headers) {
        producer.send(commandTopic, saga, value, headers);
    }

    /** Sends the same record (one message id) twice and returns that message id. */
    protected UUID deliverTwice(Command command, String saga) {
        UUID messageId = UUID.randomUUID();
        byte[] body = JSON.encodeBytes(command);
        Map<String, String> headers = commandHeaders(messageId, command, saga, null);
        sendRecord(saga, body, headers);
        sendRecord(saga, body, headers);
        return messageId;
    }

    /**
     * Runs {@code sends} while the command listener is paused, so that the records sent are read by one poll once it
     * resumes (they are handled as one batch when they fit in one).
     */
    protected void sendInOnePoll(Runnable sends) {
        MessageListenerContainer commands = listenerContainers.orderedStream()
                .flatMap(source -> source.listenerContainers().stream())
                .filter(c -> Arrays.asList(c.getContainerProperties().getTopics()).contains(commandTopic))
                .findFirst().orElseThrow();
        commands.pause();
        try {
            await().atMost(REPLY_TIMEOUT).until(commands::isContainerPaused);
            // a fetch sent before the pause could still bring the first record alone: wait until none is in flight
            // (a fetch waits at most fetch.max.wait.ms, 500 ms, for data)
            AtomicReference<Double> fetches = new AtomicReference<>(Double.NaN);
            await().during(Duration.ofMillis(700)).atMost(REPLY_TIMEOUT)
                    .until(() -> fetches.getAndSet(fetchesCompleted(commands)).equals(fetches.get()));
            sends.run();
        } finally {
            commands.resume();
        }
    }

    private static double fetchesCompleted(MessageListenerContainer container) {
        return container.metrics().values().stream().flatMap(metrics -> metrics.entrySet().stream())
                .filter(m -> m.getKey().group().equals("consumer-fetch-manager-metrics")
                        && m.getKey().name().equals("fetch-total"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    /**
     * How many transactions applied the commands with these message ids (each recorded in the inbox at its
     * transaction's start time), once all of them are applied.
     */
    protected int transactionsThatApplied(UUID... commandMessageIds) {
        await().atMost(REPLY_TIMEOUT).until(() -> jdbc.queryForObject(
                "SELECT count(DISTINCT message_id) FROM inbox WHERE message_id = ANY (?)", Integer.class,
                (Object) commandMessageIds), applied -> applied == Arrays.stream(commandMessageIds).distinct().count());
        return jdbc.queryForObject("SELECT count(DISTINCT processed_at) FROM inbox WHERE message_id = ANY (?)",
                Integer.class, (Object) commandMessageIds);
    }

    /** Sends {@code command} in {@code saga} and returns the payload of its reply. */
    protected <T> T replyTo(Command command, String saga) {
        return payload(awaitReply(send(command, saga, null)));
    }

    /** Sends {@code command} in a saga of its own and returns the payload of its reply. */
    protected <T> T replyTo(Command command) {
        return replyTo(command, newId("saga"));
    }

    /**
     * Hands each command, with a message id of its own, straight to the dispatcher, all at once from as many
     * threads, asserts that every one was processed, and returns the message ids in the order of the commands.
     */
    protected List<UUID> dispatchConcurrently(List<? extends Command> commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(commands.size());
        List<UUID> messageIds = new ArrayList<>();
        try {
            List<Future<CommandDispatcher.Outcome>> outcomes = new ArrayList<>();
            for (Command command : commands) {
                UUID messageId = UUID.randomUUID();
                messageIds.add(messageId);
                ConsumerRecord<String, byte[]> record = record(newId("saga"), JSON.encodeBytes(command),
                        commandHeaders(messageId, command, null, null));
                outcomes.add(pool.submit((Callable<CommandDispatcher.Outcome>) () -> dispatcher.dispatch(record)));
            }
            for (Future<CommandDispatcher.Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(CommandDispatcher.Outcome.PROCESSED);
            }
        } finally {
            pool.shutdownNow();
        }
        return messageIds;
    }

    // --- replies and dead letters ----------------------------------------------------------------------------

    /** The reply caused by the command with this message id, once it is there. */
    protected ReceivedRecord awaitReply(UUID commandMessageId) {
        return await().atMost(REPLY_TIMEOUT).until(() -> recorder.first(r -> isReplyTo(r, commandMessageId)),
                Objects::nonNull);
    }

    /** Every reply caused by the command with this message id, so far. */
    protected List<ReceivedRecord> replies(UUID commandMessageId) {
        return recorder.matching(r -> isReplyTo(r, commandMessageId));
    }

    private boolean isReplyTo(ReceivedRecord record, UUID commandMessageId) {
        return record.topic().equals(replyTopic)
                && record.hasHeader(SagaHeaders.CAUSATION_ID, commandMessageId.toString());
    }

    @SuppressWarnings("unchecked")
    protected static <T> T payload(ReceivedRecord reply) {
        return (T) JSON.decode(reply.header(SagaHeaders.MESSAGE_TYPE),
                Integer.parseInt(reply.header(SagaHeaders.SCHEMA_VERSION)), reply.value());
    }

    /**
     * Asserts the key and headers of a {@code type} reply to the command {@code commandMessageId} of {@code saga}: the
     * reply is in the command's trace (its {@code traceparent} as it came, or that of the span that handled it).
     */
    protected static void assertReplyHeaders(ReceivedRecord reply, String type, String saga, UUID commandMessageId,
                                             String traceparent) {
        assertThat(reply.key()).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.MESSAGE_TYPE)).isEqualTo(type);
        assertThat(reply.header(SagaHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(reply.header(SagaHeaders.SAGA_ID)).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.CAUSATION_ID)).isEqualTo(commandMessageId.toString());
        assertThat(reply.header(SagaHeaders.TRACEPARENT)).as("the reply's trace context")
                .startsWith(traceparent.substring(0, "00-".length() + 32));
        assertThat(UUID.fromString(reply.header(SagaHeaders.MESSAGE_ID))).isNotEqualTo(commandMessageId);
    }

    /** The records of {@code saga} on the dead-letter topic so far. */
    protected List<ReceivedRecord> deadLetters(String saga) {
        return recorder.matching(r -> r.topic().equals(deadLetterTopic) && saga.equals(r.key()));
    }

    /** A JDBC connection of the test's own to the service's database, e.g. to hold a lock the service waits for. */
    protected static java.sql.Connection connect(String database) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(SERVERS.jdbcUrl(database), SERVERS.username(), SERVERS.password());
    }

    /** The records of {@code saga} on the dead-letter topic, once there are exactly {@code count}, in topic order. */
    protected List<ReceivedRecord> awaitDeadLetters(String saga, int count) {
        return await().atMost(REPLY_TIMEOUT).until(
                () -> recorder.matching(r -> r.topic().equals(deadLetterTopic) && saga.equals(r.key())),
                records -> records.size() == count);
    }

    // --- HTTP ------------------------------------------------------------------------------------------------

    protected static RequestPostProcessor support() {
        return httpBasic(SUPPORT_USER, SUPPORT_PASSWORD);
    }

    protected static RequestPostProcessor operator() {
        return httpBasic(OPERATOR_USER, OPERATOR_PASSWORD);
    }

    /** Health and the API docs (which must describe {@code documentedPath}) are open; metrics need an operator. */
    protected void assertHealthAndDocsOpenMetricsForOperators(String documentedPath) throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['" + documentedPath + "']").exists());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").with(support())).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").with(operator())).andExpect(status().isOk());
    }

    private static Map<String, String> commandHeaders(UUID messageId, Command command, String saga,
                                                      String traceparent) {
        return SagaHeaders.command(messageId, command.messageType(), 1, saga, traceparent);
    }

    private ConsumerRecord<String, byte[]> record(String key, byte[] value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> {
            if (text != null) {
                recordHeaders.add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return new ConsumerRecord<>(commandTopic, 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value,
                recordHeaders, Optional.empty());
    }
}
