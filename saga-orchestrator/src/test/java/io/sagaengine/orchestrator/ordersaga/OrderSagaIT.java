package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.ContractMessage;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order saga in the whole orchestrator, on the real PostgreSQL and Kafka: orders come in over HTTP, the
 * saga's commands land in the outbox, and this test plays the participants by publishing their replies to the
 * reply topics, as they would. (The outbox relay is tested by its own module.)
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "outbox.relay.enabled=false",
                "outbox.keep-rows=true",
                "saga.engine.deadlines.poll-interval=100ms",
                "saga.order.step-deadline=4s",
                "saga.order.step-attempts=2",
                "saga.order.step-initial-backoff=100ms",
                "saga.order.step-max-backoff=100ms",
                "saga.order.compensation-deadline=4s",
                "saga.order.compensation-attempts=2",
                "saga.order.compensation-initial-backoff=100ms",
                "saga.order.compensation-max-backoff=100ms"})
class OrderSagaIT {

    private static final String DATABASE = "orchestrator_ordersaga_it";
    private static final RealServers SERVERS = OrchestratorServers.SERVERS;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORDER = """
            { "customerId": "alice",
              "currency": "EUR",
              "items": [ { "sku": "SKU-1", "quantity": 2, "unitPrice": "19.99" } ],
              "shippingAddress": { "name": "Alice", "line1": "Main St 1", "city": "Berlin", "postalCode": "10115", "country": "DE" } }""";
    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        OrchestratorServers.useRealServers(registry, DATABASE);
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

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void replyListenerIsListening() {
        OrchestratorServers.awaitReplyListener(listeners);
    }

    record Placed(UUID orderId, UUID sagaId) {
    }

    /** A command the saga wrote to the outbox, read back. */
    record Sent<C>(UUID messageId, C command) {
    }

    @Test
    void anOrderWhoseStepsAllSucceedCompletesWithItsTrackingNumber() throws Exception {
        Placed placed = placeOrder();
        JsonNode saga = get("/sagas/" + placed.sagaId(), 200);
        assertThat(saga.get("type").asString()).isEqualTo("order");
        assertThat(saga.get("status").asString()).isEqualTo("RUNNING");
        assertThat(saga.get("state").asString()).isEqualTo("payment");

        Sent<ChargePayment> charge = awaitCommand(placed.sagaId(), ChargePayment.class, 1);
        assertThat(charge.command().orderId()).isEqualTo(placed.orderId().toString());
        assertThat(charge.command().amount()).isEqualByComparingTo("39.98");
        reply(placed.sagaId(), charge.messageId(), new PaymentCharged(charge.command().requestId(),
                charge.command().orderId(), "ch-1"));

        Sent<ReserveInventory> reserve = awaitCommand(placed.sagaId(), ReserveInventory.class, 1);
        reply(placed.sagaId(), reserve.messageId(), new InventoryReserved(reserve.command().requestId(),
                reserve.command().orderId()));

        Sent<ScheduleShipment> schedule = awaitCommand(placed.sagaId(), ScheduleShipment.class, 1);
        reply(placed.sagaId(), schedule.messageId(), new ShipmentScheduled(schedule.command().requestId(),
                schedule.command().orderId(), "TRK-42"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode order = get("/orders/" + placed.orderId(), 200);
            assertThat(order.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(order.get("trackingNumber").asString()).isEqualTo("TRK-42");
        });
        JsonNode done = get("/sagas/" + placed.sagaId(), 200);
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("steps").findValuesAsString("status")).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
    }

    @Test
    void anOrderOutOfStockIsCancelledOnlyAfterItsPaymentIsRefunded() throws Exception {
        Placed placed = placeOrder();
        Sent<ChargePayment> charge = awaitCommand(placed.sagaId(), ChargePayment.class, 1);
        reply(placed.sagaId(), charge.messageId(), new PaymentCharged(charge.command().requestId(),
                charge.command().orderId(), "ch-2"));
        Sent<ReserveInventory> reserve = awaitCommand(placed.sagaId(), ReserveInventory.class, 1);
        reply(placed.sagaId(), reserve.messageId(), new InventoryUnavailable(reserve.command().requestId(),
                reserve.command().orderId(), InventoryUnavailable.INSUFFICIENT_STOCK, List.of("SKU-1")));

        Sent<RefundPayment> refund = awaitCommand(placed.sagaId(), RefundPayment.class, 1);
        assertThat(refund.command().requestId()).isEqualTo(charge.command().requestId());
        assertThat(get("/orders/" + placed.orderId(), 200).get("status").asString()).isEqualTo("PENDING");
        assertThat(get("/sagas/" + placed.sagaId(), 200).get("status").asString()).isEqualTo("COMPENSATING");

        reply(placed.sagaId(), refund.messageId(), new PaymentRefunded(refund.command().requestId(),
                refund.command().orderId()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode order = get("/orders/" + placed.orderId(), 200);
            assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(order.get("reason").asString()).isEqualTo("OUT_OF_STOCK");
        });
        assertThat(get("/sagas/" + placed.sagaId(), 200).get("status").asString()).isEqualTo("COMPENSATED");
    }

    @Test
    void anUnansweredPaymentIsResentThenRefundedAndTheOrderCancelledAsTimedOut() throws Exception {
        Placed placed = placeOrder();
        Sent<ChargePayment> first = awaitCommand(placed.sagaId(), ChargePayment.class, 1);
        Sent<ChargePayment> second = awaitCommand(placed.sagaId(), ChargePayment.class, 2);
        assertThat(second.command().requestId()).isEqualTo(first.command().requestId());
        assertThat(second.messageId()).isNotEqualTo(first.messageId());

        Sent<RefundPayment> refund = awaitCommand(placed.sagaId(), RefundPayment.class, 1);
        assertThat(refund.command().requestId()).isEqualTo(first.command().requestId());
        reply(placed.sagaId(), refund.messageId(), new PaymentRefunded(refund.command().requestId(),
                refund.command().orderId()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode order = get("/orders/" + placed.orderId(), 200);
            assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(order.get("reason").asString()).isEqualTo("TIMED_OUT");
        });
    }

    @Test
    void theSagaViewIsOpenAndAnswersProblemsForBadIds() throws Exception {
        JsonNode missing = get("/sagas/" + UUID.randomUUID(), 404);
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        JsonNode malformed = get("/sagas/not-a-saga-id", 400);
        assertThat(malformed.get("status").asInt()).isEqualTo(400);
    }

    private Placed placeOrder() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        return new Placed(UUID.fromString(body.get("orderId").asString()), UUID.fromString(body.get("sagaId").asString()));
    }

    /** GET without credentials; the status must be {@code expected}; problem bodies are checked for their type. */
    private JsonNode get(String path, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Waits for the {@code nth} (1-based) command of this type the saga wrote to the outbox. */
    private <C> Sent<C> awaitCommand(UUID sagaId, Class<C> type, int nth) {
        String name = type.getSimpleName();
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, schema_version, payload::text AS payload "
                    + "FROM outbox WHERE saga_id = ? AND type = ? ORDER BY created_at", sagaId.toString(), name);
            if (rows.size() < nth) {
                return null;
            }
            Map<String, Object> row = rows.get(nth - 1);
            C command = type.cast(ContractJson.standard().decode(name, (Integer) row.get("schema_version"),
                    (String) row.get("payload")));
            return new Sent<>((UUID) row.get("id"), command);
        }, sent -> sent != null);
    }

    /** Publishes a participant's reply as the participant's relay would. */
    private void reply(UUID sagaId, UUID causationId, ContractMessage reply) throws Exception {
        MessageDescriptor descriptor = MessageCatalog.standard().describe(reply);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(descriptor.topic(), sagaId.toString(),
                ContractJson.standard().encodeBytes(reply));
        header(record, MessageHeaders.MESSAGE_ID, UUID.randomUUID().toString());
        header(record, MessageHeaders.MESSAGE_TYPE, descriptor.name());
        header(record, MessageHeaders.SCHEMA_VERSION, String.valueOf(descriptor.schemaVersion()));
        header(record, MessageHeaders.SAGA_ID, sagaId.toString());
        header(record, MessageHeaders.CAUSATION_ID, causationId.toString());
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
