package io.sagaengine.orchestrator.upgrade;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.ContractMessage;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.testing.OrchestratorServers;
import io.sagaengine.outbox.MessageHeaders;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database the orchestrator created before the engine became a library (the engine's tables made by the
 * orchestrator's own V1, V2 and V11, recorded in its Flyway history), with an order saga in flight whose payment
 * deadline has passed: the new code starts on it, adopts the engine's tables without touching them, re-sends the
 * payment and drives the saga to COMPLETED on the participants' replies. The operations library likewise keeps the
 * re-drive audit the orchestrator's V12 created.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "outbox.relay.enabled=false",
                "outbox.keep-rows=true",
                "saga.engine.consumer-group=orchestrator-upgrade-it",
                "saga.engine.deadlines.poll-interval=100ms"})
class EngineSchemaUpgradeIT {

    private static final String DATABASE = "orchestrator_upgrade_it";
    private static final RealServers SERVERS = OrchestratorServers.SERVERS;
    private static final UUID ORDER_ID = UUID.randomUUID();
    private static final UUID SAGA_ID = UUID.randomUUID();
    private static final UUID PAYMENT_REQUEST = UUID.randomUUID();
    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void legacyDatabase(DynamicPropertyRegistry registry) {
        OrchestratorServers.useRealServers(registry, DATABASE);
        createAsTheOldOrchestratorDid(SERVERS.jdbcUrl(DATABASE));
    }

    /** The old orchestrator's migrations (kept byte for byte) and the outbox's, in one history, then a saga. */
    private static void createAsTheOldOrchestratorDid(String url) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, SERVERS.username(), SERVERS.password());
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP SCHEMA public CASCADE");
        jdbc.execute("CREATE SCHEMA public");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/legacy-orchestrator", "classpath:db/outbox")
                .load().migrate();
        Instant started = Instant.now().minus(Duration.ofMinutes(2));
        jdbc.update("""
                INSERT INTO orders (id, saga_id, customer_id, status, total, currency, items, shipping_address,
                                    created_at, updated_at)
                VALUES (?, ?, 'alice', 'PENDING', 39.98, 'EUR', ?::jsonb, ?::jsonb, ?, ?)""",
                ORDER_ID, SAGA_ID, LINES, ADDRESS, utc(started), utc(started));
        String data = """
                {"orderId":"%s","customerId":"alice","currency":"EUR","total":"39.98","lines":%s,"address":%s,
                 "chargeId":null,"trackingNumber":null}""".formatted(ORDER_ID, LINES, ADDRESS);
        String steps = """
                [{"name":"payment","status":"RUNNING","requestId":"%s","attempts":1,"compensationAttempts":0,
                  "lastMessageId":"%s","detail":null,"phaseSentAt":"%s"},
                 {"name":"inventory","status":"PENDING","requestId":null,"attempts":0,"compensationAttempts":0,
                  "lastMessageId":null,"detail":null,"phaseSentAt":null},
                 {"name":"shipping","status":"PENDING","requestId":null,"attempts":0,"compensationAttempts":0,
                  "lastMessageId":null,"detail":null,"phaseSentAt":null}]"""
                .formatted(PAYMENT_REQUEST, UUID.randomUUID(), started);
        jdbc.update("""
                INSERT INTO saga_instance (id, type, status, state, data, steps, version, deadline_at, started_at,
                                           updated_at, progressed_at)
                VALUES (?, 'order', 'RUNNING', 'payment', ?::jsonb, ?::jsonb, 0, ?, ?, ?, ?)""",
                SAGA_ID, data, steps, utc(started.plusSeconds(10)), utc(started), utc(started), utc(started));
        jdbc.update("""
                INSERT INTO saga_history (saga_id, at, kind, from_state, to_state, event)
                VALUES (?, ?, 'TRANSITION', null, 'payment', 'START')""", SAGA_ID, utc(started));
    }

    private static final String LINES = """
            [{"sku":"SKU-1","quantity":2,"unitPrice":"19.99"}]""";
    private static final String ADDRESS = """
            {"name":"Alice","line1":"Main St 1","city":"Berlin","postalCode":"10115","country":"DE"}""";

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @BeforeAll
    static void replyTopics() throws Exception {
        OrchestratorServers.SERVERS.createTopics(3, List.of(Topics.PAYMENT_REPLIES, Topics.INVENTORY_REPLIES,
                Topics.SHIPPING_REPLIES));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void theNewCodeAdoptsTheEngineTablesAndDrivesTheSagaInFlightToCompletion() throws Exception {
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank",
                String.class)).as("the application's history is kept as the old code left it")
                .containsExactly("0.1", "1", "2", "10", "11", "12");
        assertThat(jdbc.queryForList("SELECT type || ' ' || version FROM saga_engine_schema_history ORDER BY "
                + "installed_rank", String.class))
                .as("the engine adopted its three tables, then added its fourth, the timeline's commands column, "
                        + "the indexes of the retention and the admin listing, the pause columns, the sagas' "
                        + "definition version and their trace context")
                .containsExactly("BASELINE 3", "SQL 4", "SQL 5", "SQL 6", "SQL 7", "SQL 8", "SQL 9",
                        "SQL 10");
        assertThat(jdbc.queryForList("SELECT type || ' ' || version FROM saga_operations_schema_history ORDER BY "
                + "installed_rank", String.class))
                .as("the operations library kept the re-drive audit the application's V12 had created")
                .containsExactly("BASELINE 0", "SQL 1");

        OrchestratorServers.awaitReplyListener(listeners);
        Sent<ChargePayment> charge = awaitCommand(ChargePayment.class);
        assertThat(charge.command().requestId()).as("the re-send keeps the step's requestId")
                .isEqualTo(PAYMENT_REQUEST);
        assertThat(jdbc.queryForObject("SELECT steps -> 0 ->> 'attempts' FROM saga_instance WHERE id = ?",
                String.class, SAGA_ID)).isEqualTo("2");

        reply(charge.messageId(), new PaymentCharged(PAYMENT_REQUEST, ORDER_ID.toString(), "ch-1"));
        Sent<ReserveInventory> reserve = awaitCommand(ReserveInventory.class);
        reply(reserve.messageId(), new InventoryReserved(reserve.command().requestId(), ORDER_ID.toString()));
        Sent<ScheduleShipment> schedule = awaitCommand(ScheduleShipment.class);
        reply(schedule.messageId(), new ShipmentScheduled(schedule.command().requestId(), ORDER_ID.toString(),
                "TRK-7"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT status FROM saga_instance WHERE id = ?", String.class, SAGA_ID))
                    .isEqualTo("COMPLETED");
            assertThat(jdbc.queryForObject("SELECT definition_version FROM saga_instance WHERE id = ?", Integer.class,
                    SAGA_ID)).as("a saga older than versions runs on version 1").isEqualTo(1);
            assertThat(jdbc.queryForMap("SELECT status, tracking_number FROM orders WHERE id = ?", ORDER_ID))
                    .containsEntry("status", "COMPLETED").containsEntry("tracking_number", "TRK-7");
        });
    }

    record Sent<C>(UUID messageId, C command) {
    }

    private <C> Sent<C> awaitCommand(Class<C> type) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, schema_version, payload::text AS payload "
                    + "FROM outbox WHERE saga_id = ? AND type = ? ORDER BY created_at", SAGA_ID.toString(),
                    type.getSimpleName());
            if (rows.isEmpty()) {
                return null;
            }
            Map<String, Object> row = rows.get(0);
            ContractMessage message = ContractJson.standard().decode(type.getSimpleName(),
                    ((Number) row.get("schema_version")).intValue(), (String) row.get("payload"));
            return new Sent<>((UUID) row.get("id"), type.cast(message));
        }, sent -> sent != null);
    }

    private void reply(UUID causationId, ContractMessage reply) throws Exception {
        MessageDescriptor descriptor = MessageCatalog.standard().describe(reply);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(descriptor.topic(), SAGA_ID.toString(),
                ContractJson.standard().encode(reply).getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_TYPE, descriptor.name().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SCHEMA_VERSION,
                Integer.toString(descriptor.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.SAGA_ID, SAGA_ID.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.CAUSATION_ID, causationId.toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get(10, TimeUnit.SECONDS);
    }
}
