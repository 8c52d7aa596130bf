package io.sagaengine.contracts.order;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An order's status changed: published on {@link io.sagaengine.contracts.Topics#ORDER_EVENTS} once per change, in the
 * transaction of the change (placed: {@code PENDING}, then {@code COMPLETED} or {@code CANCELLED}). Keyed by order id,
 * so one order's events stay in order on one partition; headers {@code message-id} (= {@link #eventId}),
 * {@code message-type} ({@value #TYPE}) and {@code schema-version} ({@value #SCHEMA_VERSION}).
 *
 * <p>Delivery is at least once: a consumer deduplicates on {@link #eventId} and ignores an event whose
 * {@link #orderVersion} is not newer than the last one it handled for the order (a redelivered or late older event).
 *
 * <p>Versions: {@link #payloadVersion} grows with every compatible addition (a field, a status, a reason). A reader
 * built for an older one reads a newer payload with {@link OrderEventJson}: it ignores fields it does not know and sees
 * a status it does not know as {@link Status#UNKNOWN}. The {@code schema-version} header changes only for a change an
 * old reader would misread; a reader refuses (dead-letters) a schema version it does not know.
 *
 * @param payloadVersion the payload's revision, {@value #PAYLOAD_VERSION} when this reader was built
 * @param eventId        unique per change, derived from order id and order version ({@link #eventIdOf}): the
 *                       notification id
 * @param orderId        the order
 * @param orderVersion   the order's version after the change (its {@code ETag}); grows with every change
 * @param status         where the order stands now
 * @param reason         why it was cancelled ({@code PAYMENT_DECLINED}, {@code OUT_OF_STOCK},
 *                       {@code SHIPPING_UNAVAILABLE}, {@code TIMED_OUT}, {@code CANCELLED_BY_OPERATOR}; more may
 *                       come); null unless {@code CANCELLED}
 * @param trackingNumber the shipment's tracking number; null unless {@code COMPLETED}
 * @param customerId     whose order it is: whom to tell
 * @param total          the order total, written as a string ({@code "39.98"})
 * @param currency       ISO 4217 code of the total
 * @param occurredAt     when the orchestrator recorded the change
 */
public record OrderStatusChanged(
        int payloadVersion,
        UUID eventId,
        UUID orderId,
        long orderVersion,
        Status status,
        String reason,
        String trackingNumber,
        String customerId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
        String currency,
        Instant occurredAt) {

    /** The {@code message-type} header. */
    public static final String TYPE = "OrderStatusChanged";
    /** The {@code schema-version} header this reader and writer know. */
    public static final int SCHEMA_VERSION = 1;
    /** The payload revision this writer writes. */
    public static final int PAYLOAD_VERSION = 1;

    /** Where an order stands. */
    public enum Status {
        PENDING,
        COMPLETED,
        CANCELLED,
        /** Never written: what a reader sees for a status added after it was built. */
        @JsonEnumDefaultValue
        UNKNOWN
    }

    public OrderStatusChanged {
        if (payloadVersion < 1) {
            throw new IllegalArgumentException("payloadVersion must be at least 1, was " + payloadVersion);
        }
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        if (orderVersion < 1) {
            throw new IllegalArgumentException("orderVersion must be at least 1, was " + orderVersion);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The event of an order's change to {@code orderVersion}, as the orchestrator writes it. */
    public static OrderStatusChanged of(UUID orderId, long orderVersion, Status status, String reason,
                                        String trackingNumber, String customerId, BigDecimal total, String currency,
                                        Instant occurredAt) {
        if (status == Status.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is a reader's placeholder and is never written");
        }
        return new OrderStatusChanged(PAYLOAD_VERSION, eventIdOf(orderId, orderVersion), orderId, orderVersion, status,
                reason, trackingNumber, customerId, total, currency, occurredAt);
    }

    /**
     * The event id of an order's change to {@code orderVersion}: name-based, never drawn, so a change made again (the
     * database failed over before the first was replicated) announces itself with the same id and a consumer
     * that already told the customer does not tell them twice.
     */
    public static UUID eventIdOf(UUID orderId, long orderVersion) {
        return UUID.nameUUIDFromBytes(("order-event:" + orderId + ":" + orderVersion).getBytes(StandardCharsets.UTF_8));
    }
}
