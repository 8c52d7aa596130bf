package io.sagaengine.outbox;

import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Outbox rows of a transaction that applies several messages a savepoint each ({@link Savepoints}): written in one
 * statement before the commit, in order, without those of a savepoint that rolled back. Real PostgreSQL, Kafka and
 * Debezium; a statement-level trigger counts the insert statements.
 */
@SpringBootTest(classes = OutboxTestApplication.class)
class OutboxRowsInBatchIT {

    private static final RealServers servers = RealServers.shared();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        servers.springProperties("outbox_batch_it").forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void relayStreams(@Autowired OutboxRelay relay, @Autowired JdbcTemplate jdbc) throws InterruptedException {
        assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("relay streaming").isTrue();
        jdbc.execute("CREATE TABLE IF NOT EXISTS outbox_insert_statement (at timestamptz NOT NULL DEFAULT now())");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION count_outbox_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO outbox_insert_statement DEFAULT VALUES; RETURN NULL; END $$""");
        jdbc.execute("DROP TRIGGER IF EXISTS outbox_insert_statements ON outbox");
        jdbc.execute("CREATE TRIGGER outbox_insert_statements AFTER INSERT ON outbox "
                + "FOR EACH STATEMENT EXECUTE FUNCTION count_outbox_insert()");
    }

    @BeforeEach
    void noStatementsYet() {
        jdbc.update("DELETE FROM outbox_insert_statement");
    }

    @Test
    void theRowsOfEverySavepointGoInOneStatementInOrderWithoutThoseOfOneRolledBack() throws Exception {
        String topic = "outbox-it." + UUID.randomUUID();
        Savepoints savepoints = new Savepoints(transactionManager);
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            tx.executeWithoutResult(s -> {
                savepoints.execute(() -> append(topic, "a"));
                assertThatThrownBy(() -> savepoints.execute(() -> {
                    append(topic, "b");
                    throw new IllegalStateException("b fails");
                })).hasMessage("b fails");
                savepoints.execute(() -> {
                    outbox.appendAll(List.of(message(topic, "c"), message(topic, "d")));
                    return null;
                });
            });

            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() >= 3);
            assertThat(reader.records()).extracting(OutboxRowsInBatchIT::value)
                    .containsExactly("{\"n\": \"a\"}", "{\"n\": \"c\"}", "{\"n\": \"d\"}");
        }
        assertThat(insertStatements()).as("insert statements for the three rows").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class)).isZero();
    }

    @Test
    void rowsOfATransactionRolledBackAfterTheSavepointsAreNeverWritten() {
        String topic = "outbox-it." + UUID.randomUUID();
        Savepoints savepoints = new Savepoints(transactionManager);

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            savepoints.execute(() -> append(topic, "a"));
            throw new IllegalStateException("the batch fails");
        })).hasMessage("the batch fails");

        assertThat(insertStatements()).isZero();
    }

    @Test
    void rowsOfATransactionOfItsOwnStartedInASavepointAreWrittenWithIt() throws Exception {
        String topic = "outbox-it." + UUID.randomUUID();
        Savepoints savepoints = new Savepoints(transactionManager);
        TransactionTemplate own = new TransactionTemplate(transactionManager);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic)) {
            assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                savepoints.execute(() -> own.execute(inner -> append(topic, "own")));
                throw new IllegalStateException("the outer transaction fails");
            })).hasMessage("the outer transaction fails");

            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() >= 1);
            assertThat(reader.records()).extracting(OutboxRowsInBatchIT::value).containsExactly("{\"n\": \"own\"}");
        }
    }

    private Object append(String topic, String n) {
        outbox.append(message(topic, n));
        return null;
    }

    private static OutboxMessage message(String topic, String n) {
        return OutboxMessage.to(topic).saga("saga-1").type("Noted", 1).payload("{\"n\": \"" + n + "\"}").build();
    }

    private int insertStatements() {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_insert_statement", Integer.class);
    }

    private static String value(ConsumerRecord<String, byte[]> record) {
        return TopicReader.value(record);
    }
}
