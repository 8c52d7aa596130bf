package io.sagaengine.orchestrator.operability;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.order.OrderEventJson;
import io.sagaengine.contracts.order.OrderStatusChanged;
import io.sagaengine.contracts.order.OrderStatusChanged.Status;
import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.order.OrderOutcomes;
import io.sagaengine.orchestrator.testing.OrchestratorServers;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import io.sagaengine.testsupport.kafka.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order events for push services, on the real PostgreSQL and Kafka with the real relay: placing an order and ending
 * its saga puts exactly one {@link OrderStatusChanged} per status change on {@value Topics#ORDER_EVENTS}, keyed by
 * order id, with the derived event id as {@code message-id} and the {@code schema-version} header.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-order-events-it",
                // keep the outbox rows, to count what was written besides what was published
                "outbox.keep-rows=true"})
class OrderEventsIT extends OrchestratorWithPlayedParticipants {

    private static TopicRecorder events;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_order_events_it");
    }

    @BeforeAll
    static void recordOrderEvents() throws Exception {
        OrchestratorServers.SERVERS.createTopics(Participants.PARTITIONS, List.of(Topics.ORDER_EVENTS));
        events = TopicRecorder.start(OrchestratorServers.SERVERS.bootstrapServers(), Topics.ORDER_EVENTS);
    }

    @AfterAll
    static void stopRecording() {
        events.close();
    }

    @Autowired
    OrderOutcomes outcomes;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCompletedOrderIsAnnouncedOnceWhenPlacedAndOnceWhenCompleted() throws Exception {
        Placed placed = orchestrator.placeOrder();
        participants.answerAll(List.of(placed.sagaId()));
        String trackingNumber = awaitStatus(placed, "COMPLETED").get("trackingNumber").asString();

        List<ReceivedRecord> published = awaitEvents(placed, 2);

        assertEvent(published.get(0), placed, 1, Status.PENDING, null, null);
        assertEvent(published.get(1), placed, 2, Status.COMPLETED, null, trackingNumber);

        // the outcome reported again (a transition made twice) changes nothing, so it announces nothing
        new TransactionTemplate(transactionManager).executeWithoutResult(status ->
                outcomes.completed(placed.orderId(), trackingNumber));
        assertThat(outboxRowsOf(placed)).as("one outbox row per change").isEqualTo(2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> eventsOf(placed).size() == 2);
    }

    @Test
    void aCompensatedOrderIsAnnouncedCancelledWithItsReason() throws Exception {
        Placed placed = placeOrderThatRunsOutOfStock();
        participants.answerAll(List.of(placed.sagaId()));
        awaitStatus(placed, "CANCELLED");

        List<ReceivedRecord> published = awaitEvents(placed, 2);

        assertEvent(published.get(0), placed, 1, Status.PENDING, null, null);
        assertEvent(published.get(1), placed, 2, Status.CANCELLED, "OUT_OF_STOCK", null);
        assertThat(outboxRowsOf(placed)).isEqualTo(2);
    }

    private JsonNode awaitStatus(Placed placed, String status) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> orchestrator.order(placed.orderId()),
                order -> order.get("status").asString().equals(status));
    }

    /** Waits until {@code count} events of the order were published; they are in order (one key, one partition). */
    private static List<ReceivedRecord> awaitEvents(Placed placed, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(placed), list -> list.size() >= count);
    }

    private static List<ReceivedRecord> eventsOf(Placed placed) {
        return events.matching(r -> placed.orderId().toString().equals(r.key()));
    }

    private long outboxRowsOf(Placed placed) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE topic = ? AND aggregateid = ?", Long.class,
                Topics.ORDER_EVENTS, placed.orderId().toString());
    }

    private static void assertEvent(ReceivedRecord record, Placed placed, long version, Status status, String reason,
                                    String trackingNumber) {
        UUID eventId = OrderStatusChanged.eventIdOf(placed.orderId(), version);
        assertThat(record.key()).isEqualTo(placed.orderId().toString());
        assertThat(record.header(SagaHeaders.MESSAGE_ID)).isEqualTo(eventId.toString());
        assertThat(record.header(SagaHeaders.MESSAGE_TYPE)).isEqualTo(OrderStatusChanged.TYPE);
        assertThat(record.header(SagaHeaders.SCHEMA_VERSION)).isEqualTo(String.valueOf(OrderStatusChanged.SCHEMA_VERSION));
        assertThat(record.header(SagaHeaders.SAGA_ID)).isEqualTo(placed.sagaId().toString());

        OrderStatusChanged event = OrderEventJson.decode(record.value());
        assertThat(event.payloadVersion()).isEqualTo(OrderStatusChanged.PAYLOAD_VERSION);
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(event.orderId()).isEqualTo(placed.orderId());
        assertThat(event.orderVersion()).isEqualTo(version);
        assertThat(event.status()).isEqualTo(status);
        assertThat(event.reason()).isEqualTo(reason);
        assertThat(event.trackingNumber()).isEqualTo(trackingNumber);
        assertThat(event.customerId()).isEqualTo("alice");
        assertThat(event.total()).isEqualByComparingTo(new BigDecimal("39.98"));
        assertThat(event.currency()).isEqualTo("EUR");
        assertThat(event.occurredAt()).isNotNull();
    }
}
