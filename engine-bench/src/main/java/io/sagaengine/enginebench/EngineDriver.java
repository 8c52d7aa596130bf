package io.sagaengine.enginebench;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryParticipant;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
import io.sagaengine.engine.InMemorySagaEngine;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.TimelineEntry;
import io.sagaengine.orchestrator.ordersaga.OrderSagaAccess;
import io.sagaengine.orchestrator.ordersaga.OrderSagaData;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Drives the real engine ({@link InMemorySagaEngine}: the engine's logic and transactional shell over the test
 * kit's in-memory world) with the real order saga and messaging ({@link OrderSagaAccess}), one whole saga per call.
 * Each call runs the same saga id again after clearing the world, so the replies (what the participants would
 * send) are encoded once, up front, and a call measures only the orchestrator's side: decoding each reply,
 * deciding, writing the saga's row (its steps as JSON), timeline and outbox rows.
 */
public final class EngineDriver {

    /** Transitions per call of {@link #completedSaga()}: start, then three success replies. */
    public static final int COMPLETED_TRANSITIONS = 4;
    /** Start, two success replies, a refusal by shipping, then two compensation replies. */
    public static final int COMPENSATED_TRANSITIONS = 6;
    /** Start, a passed deadline (the command is sent again), then three success replies. */
    public static final int DEADLINE_TRANSITIONS = 5;

    private final SagaDefinition<OrderSagaData> definition = OrderSagaAccess.definition();
    private final MovableClock clock = new MovableClock();
    private final InMemorySagaEngine engine;
    private final UUID sagaId = UUID.fromString("00000000-0000-4000-8000-00000000b001");
    private final OrderSagaData data;
    private final Reply charged;
    private final Reply reserved;
    private final Reply scheduled;
    private final Reply unavailable;
    private final Reply released;
    private final Reply refunded;

    /** A reply as the listener hands it to the engine. */
    private record Reply(UUID messageId, String type, int schemaVersion, UUID causationId, byte[] payload) {
    }

    public EngineDriver() {
        engine = new InMemorySagaEngine(List.of(definition), OrderSagaAccess.messaging(), clock,
                () -> ThreadLocalRandom.current().nextDouble(), List::of, List::of);
        UUID orderId = UUID.fromString("00000000-0000-4000-8000-00000000a001");
        List<OrderLine> lines = List.of(new OrderLine("SKU-1", 2, new BigDecimal("19.99")),
                new OrderLine("SKU-2", 1, new BigDecimal("5.00")));
        data = new OrderSagaData(orderId, "alice", "EUR", OrderLine.totalOf(lines), lines,
                new Address("Alice", "Main St 1", "Berlin", "10115", "DE"), null, null);
        String order = orderId.toString();
        // the requestIds the engine gives the steps, as the commands it sends carry them: one saga run to learn them
        engine.start(definition, sagaId, data);
        UUID payment = sentRequestId(PaymentParticipant.NAME);
        charged = reply(new PaymentCharged(payment, order, UUID.randomUUID().toString()));
        refunded = reply(new PaymentRefunded(payment, order));
        expect(deliver(charged));
        UUID inventory = sentRequestId(InventoryParticipant.NAME);
        reserved = reply(new InventoryReserved(inventory, order));
        released = reply(new InventoryReleased(inventory, order));
        expect(deliver(reserved));
        UUID shipping = sentRequestId(ShippingParticipant.NAME);
        scheduled = reply(new ShipmentScheduled(shipping, order, "TRACK-0001"));
        unavailable = reply(new ShippingUnavailable(shipping, order, "country not served"));
        engine.clear();
    }

    /** One order saga that completes; returns its final status. */
    public SagaStatus completedSaga() {
        engine.clear();
        start();
        expect(deliver(charged));
        expect(deliver(reserved));
        expect(deliver(scheduled));
        return status();
    }

    /** One order saga that shipping refuses, compensated newest first; returns its final status. */
    public SagaStatus compensatedSaga() {
        engine.clear();
        start();
        expect(deliver(charged));
        expect(deliver(reserved));
        expect(deliver(unavailable));
        expect(deliver(released));
        expect(deliver(refunded));
        return status();
    }

    /** One order saga whose first command gets no answer in time, is sent again, then completes. */
    public SagaStatus sagaWithPassedDeadline() {
        engine.clear();
        start();
        clock.advance(Duration.ofMinutes(5));
        if (engine.fireDueDeadlines() != 1) {
            throw new IllegalStateException("the saga's deadline did not fire");
        }
        expect(deliver(charged));
        expect(deliver(reserved));
        expect(deliver(scheduled));
        return status();
    }

    /** Commands the last saga sent (outbox rows), for checks. */
    public int commandsSent() {
        return engine.outbox().size();
    }

    /** Timeline entries the last saga wrote, for checks. */
    public int timelineEntries() {
        return engine.timeline(sagaId).size();
    }

    private void start() {
        engine.start(definition, sagaId, data);
    }

    private SagaStatus status() {
        return engine.status(sagaId).orElseThrow();
    }

    private String deliver(Reply reply) {
        return engine.deliver(reply.messageId(), sagaId, reply.type(), reply.schemaVersion(), reply.causationId(),
                reply.payload());
    }

    private static void expect(String outcome) {
        if (!"APPLIED".equals(outcome)) {
            throw new IllegalStateException("a reply was not applied: " + outcome);
        }
    }

    private UUID sentRequestId(String step) {
        return engine.timeline(sagaId).stream()
                .filter(entry -> step.equals(entry.step()) && entry.requestId() != null)
                .map(TimelineEntry::requestId)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no command sent for step " + step));
    }

    private Reply reply(Object message) {
        MessageDescriptor descriptor = MessageCatalog.standard().describe(message);
        return new Reply(UUID.randomUUID(), descriptor.name(), descriptor.schemaVersion(), UUID.randomUUID(),
                ContractJson.standard().encodeBytes(message));
    }

    /** The system clock, moved forward by the benchmark to pass deadlines. */
    private static final class MovableClock extends Clock {
        private long offsetNanos;

        void advance(Duration by) {
            offsetNanos += by.toNanos();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plusNanos(offsetNanos);
        }
    }
}
