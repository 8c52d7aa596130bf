package io.sagaengine.contracts.order;

import io.sagaengine.contracts.UnreadableMessageException;
import io.sagaengine.contracts.UnreadableMessageException.Problem;
import io.sagaengine.contracts.order.OrderStatusChanged.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderEventJsonTest {

    private static final UUID ORDER_ID = UUID.fromString("2f1c7d0e-8a3b-4c5d-9e6f-0a1b2c3d4e5f");
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456Z");

    @Test
    void writesTheDocumentedFieldsAndReadsThemBack() {
        OrderStatusChanged completed = OrderStatusChanged.of(ORDER_ID, 2, Status.COMPLETED, null, "TRK-1", "alice",
                new BigDecimal("39.98"), "EUR", AT);

        String json = OrderEventJson.encode(completed);

        assertThat(json).isEqualTo("{\"payloadVersion\":1,\"eventId\":\"" + completed.eventId() + "\",\"orderId\":\""
                + ORDER_ID + "\",\"orderVersion\":2,\"status\":\"COMPLETED\",\"reason\":null,\"trackingNumber\":\"TRK-1\","
                + "\"customerId\":\"alice\",\"total\":\"39.98\",\"currency\":\"EUR\","
                + "\"occurredAt\":\"2026-03-01T10:15:30.123456Z\"}");
        assertThat(OrderEventJson.decode(json)).isEqualTo(completed);
    }

    @Test
    void theEventIdIsDerivedFromTheOrderAndItsVersion() {
        UUID first = OrderStatusChanged.eventIdOf(ORDER_ID, 1);

        assertThat(OrderStatusChanged.eventIdOf(ORDER_ID, 1)).as("the same change made again").isEqualTo(first);
        assertThat(OrderStatusChanged.eventIdOf(ORDER_ID, 2)).isNotEqualTo(first);
        assertThat(OrderStatusChanged.eventIdOf(UUID.randomUUID(), 1)).isNotEqualTo(first);
        assertThat(OrderStatusChanged.of(ORDER_ID, 1, Status.PENDING, null, null, "alice", BigDecimal.TEN, "EUR", AT)
                .eventId()).isEqualTo(first);
    }

    @Test
    void aReaderOfPayloadVersionOneReadsANewerPayload() {
        String newer = """
                {"payloadVersion":2,"eventId":"%s","orderId":"%s","orderVersion":3,"status":"RETURNED",
                 "reason":"DAMAGED_IN_TRANSIT","trackingNumber":"TRK-9","customerId":"alice","total":"10.00",
                 "currency":"EUR","occurredAt":"2026-03-01T10:15:30Z","refund":{"amount":"10.00"},"channel":"app"}"""
                .formatted(OrderStatusChanged.eventIdOf(ORDER_ID, 3), ORDER_ID);

        OrderStatusChanged event = OrderEventJson.decode(newer);

        assertThat(event.payloadVersion()).isEqualTo(2);
        assertThat(event.status()).isEqualTo(Status.UNKNOWN);
        assertThat(event.reason()).isEqualTo("DAMAGED_IN_TRANSIT");
        assertThat(event.orderVersion()).isEqualTo(3);
    }

    @Test
    void anEventWithoutItsOrderOrVersionIsUnreadable() {
        assertThatThrownBy(() -> OrderEventJson.decode("""
                {"payloadVersion":1,"eventId":"%s","orderVersion":1,"status":"PENDING","occurredAt":"2026-03-01T10:15:30Z"}"""
                .formatted(UUID.randomUUID())))
                .isInstanceOfSatisfying(UnreadableMessageException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_CONTENT))
                .hasMessageContaining("orderId");
        assertThatThrownBy(() -> OrderEventJson.decode("""
                {"payloadVersion":1,"eventId":"%s","orderId":"%s","status":"PENDING","occurredAt":"2026-03-01T10:15:30Z"}"""
                .formatted(UUID.randomUUID(), ORDER_ID)))
                .isInstanceOf(UnreadableMessageException.class).hasMessageContaining("orderVersion");
        assertThatThrownBy(() -> OrderEventJson.decode("{not json"))
                .isInstanceOfSatisfying(UnreadableMessageException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED_JSON));
        assertThatThrownBy(() -> OrderEventJson.decode(new byte[0])).isInstanceOf(UnreadableMessageException.class);
    }

    @Test
    void unknownIsNeverWritten() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                OrderStatusChanged.of(ORDER_ID, 1, Status.UNKNOWN, null, null, "alice", BigDecimal.TEN, "EUR", AT));
    }
}
