package io.sagaengine.orchestrator.operability;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.ContractMessage;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.orchestrator.testing.OrchestratorServers;
import io.sagaengine.outbox.DeadLetters;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import io.sagaengine.testsupport.kafka.TestProducer;
import io.sagaengine.testsupport.kafka.TopicRecorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * Plays the three participants over the real broker: reads the commands the orchestrator's relay publishes and
 * answers them as a participant's relay would (key and {@code saga-id}: the saga; {@code causation-id}: the
 * command's message id; a fresh {@code message-id}). What to answer is up to each test; {@link #answerAll}
 * answers every command of some sagas with success, in the background.
 */
final class Participants implements AutoCloseable {

    static final List<String> COMMAND_TOPICS = List.of(Topics.PAYMENT_COMMANDS, Topics.INVENTORY_COMMANDS,
            Topics.SHIPPING_COMMANDS);
    static final List<String> REPLY_TOPICS = List.of(Topics.PAYMENT_REPLIES, Topics.INVENTORY_REPLIES,
            Topics.SHIPPING_REPLIES);
    static final int PARTITIONS = 3;

    /** A command as the participant received it. */
    record Command(UUID sagaId, UUID messageId, String type, ContractMessage message) {
        <C> C as(Class<C> type) {
            return type.cast(message);
        }
    }

    private final TopicRecorder recorder;
    private final TestProducer producer;
    private final Map<UUID, Function<ContractMessage, ContractMessage>> autoAnswered = new ConcurrentHashMap<>();
    private final Set<UUID> answered = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService answering;
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    private Participants(String bootstrapServers) {
        this.recorder = TopicRecorder.start(bootstrapServers, COMMAND_TOPICS.toArray(String[]::new));
        this.producer = new TestProducer(bootstrapServers);
        this.answering = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "test-participants");
            thread.setDaemon(true);
            return thread;
        });
        answering.scheduleWithFixedDelay(this::answerPendingQuietly, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Creates the command, reply and dead-letter topics ({@value #PARTITIONS} partitions) if missing, then listens. */
    static Participants start(String bootstrapServers) throws Exception {
        OrchestratorServers.SERVERS.createTopics(PARTITIONS, List.of(Topics.PAYMENT_COMMANDS, Topics.INVENTORY_COMMANDS,
                Topics.SHIPPING_COMMANDS, Topics.PAYMENT_REPLIES, Topics.INVENTORY_REPLIES, Topics.SHIPPING_REPLIES,
                DeadLetters.topicFor(Topics.PAYMENT_REPLIES), DeadLetters.topicFor(Topics.INVENTORY_REPLIES),
                DeadLetters.topicFor(Topics.SHIPPING_REPLIES)));
        return new Participants(bootstrapServers);
    }

    /** Partitions of a topic as the broker has it (the topic may predate this test). */
    static int partitions(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        }
    }

    /** Every command of the saga received so far, in the order received. */
    List<Command> commands(UUID sagaId) {
        return recorder.withHeader(SagaHeaders.SAGA_ID, sagaId.toString()).stream().map(Participants::read).toList();
    }

    List<Command> commands(UUID sagaId, Class<? extends ContractMessage> type) {
        return commands(sagaId).stream().filter(c -> type.isInstance(c.message())).toList();
    }

    /** Waits for the {@code nth} (1-based) command of this type of the saga. */
    Command awaitCommand(UUID sagaId, Class<? extends ContractMessage> type, int nth) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Command> found = commands(sagaId, type);
            return found.size() >= nth ? found.get(nth - 1) : null;
        }, c -> c != null);
    }

    /** Answers {@code command} with {@code reply}, as its participant would; the background answering then leaves it. */
    RecordMetadata reply(Command command, ContractMessage reply) {
        answered.add(command.messageId());
        MessageDescriptor descriptor = MessageCatalog.standard().describe(reply);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SagaHeaders.MESSAGE_ID, UUID.randomUUID().toString());
        headers.put(SagaHeaders.MESSAGE_TYPE, descriptor.name());
        headers.put(SagaHeaders.SCHEMA_VERSION, String.valueOf(descriptor.schemaVersion()));
        headers.put(SagaHeaders.SAGA_ID, command.sagaId().toString());
        headers.put(SagaHeaders.CAUSATION_ID, command.messageId().toString());
        headers.put(SagaHeaders.TRACEPARENT, SagaHeaders.newTraceparent());
        return producer.send(descriptor.topic(), command.sagaId().toString(), ContractJson.standard().encodeBytes(reply),
                headers);
    }

    /** Sends any record, e.g. one no one can read. */
    RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
        return producer.send(topic, key, value, headers);
    }

    /** From now on, every command of these sagas not answered yet is answered with {@link #success}. */
    void answerAll(Iterable<UUID> sagaIds) {
        sagaIds.forEach(id -> autoAnswered.put(id, Participants::success));
    }

    /**
     * From now on, every command of this saga not answered yet is answered with {@code answer}; where it gives
     * null, the command is left for a later round.
     */
    void answer(UUID sagaId, Function<ContractMessage, ContractMessage> answer) {
        autoAnswered.put(sagaId, answer);
    }

    void stopAnswering(UUID sagaId) {
        autoAnswered.remove(sagaId);
    }

    /** Marks these commands as answered, so the background answering leaves them alone. */
    void ignore(List<Command> commands) {
        commands.forEach(c -> answered.add(c.messageId()));
    }

    /** The reply a healthy participant gives. */
    static ContractMessage success(ContractMessage command) {
        if (command instanceof ChargePayment c) {
            return new PaymentCharged(c.requestId(), c.orderId(), "ch-" + c.requestId());
        } else if (command instanceof RefundPayment c) {
            return new PaymentRefunded(c.requestId(), c.orderId());
        } else if (command instanceof ReserveInventory c) {
            return new InventoryReserved(c.requestId(), c.orderId());
        } else if (command instanceof ReleaseInventory c) {
            return new InventoryReleased(c.requestId(), c.orderId());
        } else if (command instanceof ScheduleShipment c) {
            return new ShipmentScheduled(c.requestId(), c.orderId(), "TRK-" + c.orderId());
        } else if (command instanceof CancelShipment c) {
            return new ShipmentCancelled(c.requestId(), c.orderId());
        }
        throw new IllegalArgumentException("not a command: " + command);
    }

    /** One round of the background answering: every command of an auto-answered saga not answered yet. */
    private void answerPending() {
        if (autoAnswered.isEmpty()) {
            return;
        }
        for (ReceivedRecord record : recorder.all()) {
            String saga = record.header(SagaHeaders.SAGA_ID);
            Function<ContractMessage, ContractMessage> answer =
                    saga == null ? null : autoAnswered.get(UUID.fromString(saga));
            if (answer != null && !answered.contains(UUID.fromString(record.header(SagaHeaders.MESSAGE_ID)))) {
                Command command = read(record);
                ContractMessage reply = answer.apply(command.message());
                if (reply != null) {
                    reply(command, reply);
                }
            }
        }
    }

    private void answerPendingQuietly() {
        try {
            answerPending();
        } catch (RuntimeException e) {
            // the next round tries again; a test waiting for the answer fails with its own message
            if (open) {
                failures.add(e);
            }
        }
    }

    /** Failures of the background answering, for a test's diagnostics. */
    List<RuntimeException> failures() {
        return List.copyOf(failures);
    }

    private static Command read(ReceivedRecord record) {
        String type = record.header(SagaHeaders.MESSAGE_TYPE);
        int version = Integer.parseInt(record.header(SagaHeaders.SCHEMA_VERSION));
        ContractMessage message = ContractJson.standard().decode(type, version, record.value());
        return new Command(UUID.fromString(record.header(SagaHeaders.SAGA_ID)),
                UUID.fromString(record.header(SagaHeaders.MESSAGE_ID)), type, message);
    }

    @Override
    public void close() {
        open = false;
        answering.shutdownNow();
        recorder.close();
        producer.close();
    }
}
