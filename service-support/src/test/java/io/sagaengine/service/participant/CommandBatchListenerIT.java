package io.sagaengine.service.participant;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.PaymentReply;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.MessageHeaders;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.PoisonMessageException;
import io.sagaengine.outbox.TransientFailures;
import io.sagaengine.service.participant.requests.ParticipantRequests;
import io.sagaengine.service.participant.requests.Requests;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The commands of a poll applied in one transaction with a savepoint each, on a real PostgreSQL database migrated
 * as a participant service's is. The handler charges through {@link Requests}, writes an effect row and registers a
 * synchronization; orders named {@code fail-*} are refused after their write, {@code crash-*} lose the connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandBatchListenerIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final ContractJson JSON = ContractJson.standard();
    private static final String CONSUMER = "payment-participant";

    record Charged(String chargeId) {
    }

    private JdbcTemplate jdbc;
    private CommandBatchListener listener;
    private final List<String> committed = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> completions = new ConcurrentHashMap<>();
    private long offset;

    @BeforeAll
    void migrate() {
        String database = "command_batch_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource dataSource = new DriverManagerDataSource(SERVERS.createDatabase(database), SERVERS.username(),
                SERVERS.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox").load().migrate();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/participant-requests")
                .table("participant_request_schema_history").baselineOnMigrate(true).baselineVersion("0").load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource);
        // the same order charged under two requestIds is refused when the transaction commits
        jdbc.execute("CREATE TABLE effect (request_id uuid PRIMARY KEY, order_id text NOT NULL,"
                + " CONSTRAINT one_charge_per_order UNIQUE (order_id) DEFERRABLE INITIALLY DEFERRED)");
        PlatformTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
        Requests<Charged> requests = new ParticipantRequests(jdbc).of(Charged.class);
        ParticipantDefinition payment = ParticipantDefinition
                .builder("payment", Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES)
                .on(ChargePayment.class, c -> charge(requests, c))
                .on(RefundPayment.class, c -> new PaymentRefunded(c.requestId(), c.orderId()))
                .build();
        CommandDispatcher dispatcher = new CommandDispatcher(payment, new TableInbox(jdbc), Outbox.jdbc(jdbc, true),
                new TransactionTemplate(transactionManager), JSON);
        listener = new CommandBatchListener(dispatcher, transactionManager);
    }

    @BeforeEach
    void clear() {
        committed.clear();
        completions.clear();
    }

    @Test
    void aBatchIsAppliedInOneTransactionWithAReplyPerCommand() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(command(charge("a1")), command(charge("a2")),
                command(charge("a3")));

        listener.onMessage(batch);

        assertThat(applied(batch)).containsExactly(true, true, true);
        assertThat(replyCount(batch)).isEqualTo(3);
        assertThat(transactionsOf(batch)).as("inbox rows of one transaction share its start time").isEqualTo(1);
        assertThat(committed).containsExactly("a1", "a2", "a3");
    }

    @Test
    void aFailingCommandRollsBackAloneAndTheOnesBeforeItCommit() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(command(charge("b1")), command(charge("b2")),
                command(charge("fail-b3")), command(charge("b4")));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> listener.onMessage(batch));

        assertThat(failure.getRecord()).isSameAs(batch.get(2));
        assertThat(failure).hasRootCauseMessage("refused fail-b3");
        assertThat(TransientFailures.isTransient(failure)).isFalse();
        assertThat(applied(batch)).containsExactly(true, true, false, false);
        assertThat(effects("fail-b3")).as("the failed command's writes rolled back").isZero();
        assertThat(transactionsOf(batch.subList(0, 2))).isEqualTo(1);
        assertThat(replyCount(batch)).isEqualTo(2);
        assertThat(committed).as("after-commit work of committed commands only").containsExactly("b1", "b2");
        assertThat(completions).containsEntry("fail-b3", TransactionSynchronization.STATUS_ROLLED_BACK)
                .containsEntry("b1", TransactionSynchronization.STATUS_COMMITTED);
    }

    @Test
    void aPoisonRecordIsNamedAndTheOnesBeforeItCommit() {
        ConsumerRecord<String, byte[]> poison = record(UUID.randomUUID(), "ChargePayment",
                "{not json".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<String, byte[]>> batch = List.of(command(charge("c1")), poison, command(charge("c2")));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> listener.onMessage(batch));

        assertThat(failure.getRecord()).isSameAs(poison);
        assertThat(failure).hasCauseInstanceOf(PoisonMessageException.class);
        assertThat(applied(batch)).containsExactly(true, false, false);
    }

    @Test
    void duplicatesInOneBatchHaveOneEffectAndTheSameReply() {
        ChargePayment charge = charge("d1");
        ConsumerRecord<String, byte[]> first = command(charge);
        ConsumerRecord<String, byte[]> resent = command(charge);
        List<ConsumerRecord<String, byte[]>> batch = List.of(first, first, resent, command(charge("d2")));

        listener.onMessage(batch);

        assertThat(effects("d1")).isEqualTo(1);
        assertThat(replies(first)).hasSize(1);
        assertThat(replies(resent)).hasSize(1).isEqualTo(replies(first));
        assertThat(committed).containsExactly("d1", "d1", "d2");
    }

    @Test
    void aBatchThatLosesItsConnectionCommitsNothingAndIsRetriedFromItsFirstCommand() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(command(charge("e1")), command(charge("crash-e2")),
                command(charge("e3")));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> listener.onMessage(batch));

        assertThat(failure.getRecord()).isSameAs(batch.get(0));
        assertThat(TransientFailures.isTransient(failure)).as("retried until the database is back").isTrue();
        assertThat(applied(batch)).containsExactly(false, false, false);
        assertThat(committed).isEmpty();
    }

    @Test
    void aBatchRefusedAtCommitIsAppliedOneCommandPerTransactionToFindTheCulprit() {
        String order = "f-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> batch = List.of(command(charge("f1")), command(charge(order)),
                command(charge(order)), command(charge("f4")));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> listener.onMessage(batch));

        assertThat(failure.getRecord()).isSameAs(batch.get(2));
        assertThat(TransientFailures.isTransient(failure)).isFalse();
        assertThat(applied(batch)).containsExactly(true, true, false, false);
        assertThat(transactionsOf(batch.subList(0, 2))).isEqualTo(2);
    }

    // --- the participant -------------------------------------------------------------------------------------

    private PaymentReply charge(Requests<Charged> requests, ChargePayment command) {
        String order = command.orderId();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.add(order);
            }

            @Override
            public void afterCompletion(int status) {
                completions.put(order, status);
            }
        });
        return requests.forward(command, () -> {
            jdbc.update("INSERT INTO effect (request_id, order_id) VALUES (?, ?)", command.requestId(), order);
            if (order.startsWith("fail-")) {
                throw new IllegalStateException("refused " + order);
            }
            if (order.startsWith("crash-")) {
                jdbc.queryForObject("SELECT pg_terminate_backend(pg_backend_pid())", Boolean.class);
            }
            return new Charged("charge-" + order);
        }).<PaymentReply>reply(outcome -> new PaymentCharged(command.requestId(), order, outcome.chargeId()),
                () -> new PaymentDeclined(command.requestId(), order, PaymentDeclined.ALREADY_COMPENSATED));
    }

    // --- records and what became of them --------------------------------------------------------------------

    private static ChargePayment charge(String order) {
        return new ChargePayment(UUID.randomUUID(), order, "alice", new BigDecimal("1.00"), "EUR");
    }

    private ConsumerRecord<String, byte[]> command(ChargePayment command) {
        return record(UUID.randomUUID(), "ChargePayment", JSON.encodeBytes(command));
    }

    private ConsumerRecord<String, byte[]> record(UUID messageId, String type, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(MessageHeaders.MESSAGE_ID, messageId.toString().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(MessageHeaders.SCHEMA_VERSION, "1".getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(Topics.PAYMENT_COMMANDS, 0, offset++, 0L, TimestampType.CREATE_TIME, -1, -1,
                "saga-1", value, headers, Optional.empty());
    }

    private static UUID messageId(ConsumerRecord<String, byte[]> record) {
        return UUID.fromString(new String(record.headers().lastHeader(MessageHeaders.MESSAGE_ID).value(),
                StandardCharsets.UTF_8));
    }

    private List<Boolean> applied(List<ConsumerRecord<String, byte[]>> batch) {
        List<Boolean> applied = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            applied.add(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE consumer = ? AND message_id = ?",
                    Integer.class, CONSUMER, messageId(record)) == 1);
        }
        return applied;
    }

    /** How many transactions applied these records: now() is the start time of the transaction. */
    private int transactionsOf(List<ConsumerRecord<String, byte[]>> batch) {
        return jdbc.queryForObject("SELECT count(DISTINCT processed_at) FROM inbox WHERE message_id = ANY (?)",
                Integer.class, (Object) batch.stream().map(CommandBatchListenerIT::messageId).toArray(UUID[]::new));
    }

    private int replyCount(List<ConsumerRecord<String, byte[]>> batch) {
        return batch.stream().mapToInt(record -> replies(record).size()).sum();
    }

    private List<String> replies(ConsumerRecord<String, byte[]> command) {
        return jdbc.queryForList("SELECT payload::text FROM outbox WHERE causation_id = ?", String.class,
                messageId(command));
    }

    private int effects(String order) {
        return jdbc.queryForObject("SELECT count(*) FROM effect WHERE order_id = ?", Integer.class, order);
    }

    /** The inbox as the outbox module keeps it. */
    private record TableInbox(JdbcTemplate jdbc) implements Inbox {

        @Override
        public boolean markProcessed(String consumer, UUID messageId) {
            return jdbc.update("INSERT INTO inbox (consumer, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    consumer, messageId) == 1;
        }

        @Override
        public boolean processOnce(String consumer, UUID messageId, Runnable effect) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T processOnce(String consumer, UUID messageId, Supplier<T> effect) {
            throw new UnsupportedOperationException();
        }
    }
}
