package io.sagaengine.engine;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
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
 * Drives the real engine ({@link DefaultSagaEngine} and {@link SagaLogic}, wired as the orchestrator wires them)
 * with the real order saga over in-memory storage, one whole saga per call. Each call runs the same saga id
 * again after clearing the storage, so the replies (what the participants would send) are encoded once, up
 * front, and a call measures only the orchestrator's side: decoding each reply, deciding, writing the saga's
 * row, timeline and outbox rows.
 */
public final class EngineDriver {

    /** Transitions per call of {@link #completedSaga()}: start, then three success replies. */
    public static final int COMPLETED_TRANSITIONS = 4;
    /** Start, two success replies, a refusal by shipping, then two compensation replies. */
    public static final int COMPENSATED_TRANSITIONS = 6;
    /** Start, a passed deadline (the command is sent again), then three success replies. */
    public static final int DEADLINE_TRANSITIONS = 5;

    private static final String CONSUMER = "saga-orchestrator";

    private final SagaDefinition<OrderSagaData> definition = OrderSagaAccess.definition();
    private final SagaJson json = new SagaJson();
    private final InMemoryEnginePorts ports = new InMemoryEnginePorts(json);
    private final MovableClock clock = new MovableClock();
    private final DefaultSagaEngine engine;
    private final UUID sagaId = UUID.fromString("00000000-0000-4000-8000-00000000b001");
    private final OrderSagaData data;
    private final ReplyEnvelope charged;
    private final ReplyEnvelope reserved;
    private final ReplyEnvelope scheduled;
    private final ReplyEnvelope unavailable;
    private final ReplyEnvelope released;
    private final ReplyEnvelope refunded;

    public EngineDriver() {
        SagaMessaging messaging = OrderSagaAccess.messaging();
        SagaRegistry registry = new SagaRegistry(List.of(definition), 8);
        SagaLogic logic = new SagaLogic(registry, messaging, json, clock,
                () -> ThreadLocalRandom.current().nextDouble());
        engine = new DefaultSagaEngine(logic, messaging, ports, ports, ports, ports, List::of, List::of,
                new DefaultSagaEngine.Settings(CONSUMER, 10, 3, 100, Duration.ZERO), ReplyFrontier.clockOnly(), ports,
                OutboxPublishing.always());
        UUID orderId = UUID.fromString("00000000-0000-4000-8000-00000000a001");
        List<OrderLine> lines = List.of(new OrderLine("SKU-1", 2, new BigDecimal("19.99")),
                new OrderLine("SKU-2", 1, new BigDecimal("5.00")));
        data = new OrderSagaData(orderId, "alice", "EUR", OrderLine.totalOf(lines), lines,
                new Address("Alice", "Main St 1", "Berlin", "10115", "DE"), null, null);
        String order = orderId.toString();
        UUID payment = RequestIds.of(sagaId, "payment");
        UUID inventory = RequestIds.of(sagaId, "inventory");
        UUID shipping = RequestIds.of(sagaId, "shipping");
        charged = reply(new PaymentCharged(payment, order, UUID.randomUUID().toString()));
        reserved = reply(new InventoryReserved(inventory, order));
        scheduled = reply(new ShipmentScheduled(shipping, order, "TRACK-0001"));
        unavailable = reply(new ShippingUnavailable(shipping, order, "country not served"));
        released = reply(new InventoryReleased(inventory, order));
        refunded = reply(new PaymentRefunded(payment, order));
    }

    /** One order saga that completes; returns its final status. */
    public SagaStatus completedSaga() {
        ports.clear();
        start();
        expect(engine.onReply(charged));
        expect(engine.onReply(reserved));
        expect(engine.onReply(scheduled));
        return status();
    }

    /** One order saga that shipping refuses, compensated newest first; returns its final status. */
    public SagaStatus compensatedSaga() {
        ports.clear();
        start();
        expect(engine.onReply(charged));
        expect(engine.onReply(reserved));
        expect(engine.onReply(unavailable));
        expect(engine.onReply(released));
        expect(engine.onReply(refunded));
        return status();
    }

    /** One order saga whose first command gets no answer in time, is sent again, then completes. */
    public SagaStatus sagaWithPassedDeadline() {
        ports.clear();
        start();
        clock.advance(Duration.ofMinutes(5));
        if (engine.fireDueDeadlines() != 1) {
            throw new IllegalStateException("the saga's deadline did not fire");
        }
        expect(engine.onReply(charged));
        expect(engine.onReply(reserved));
        expect(engine.onReply(scheduled));
        return status();
    }

    /** Commands the last saga sent (outbox rows), for checks. */
    public int commandsSent() {
        return ports.outbox().size();
    }

    /** Timeline entries the last saga wrote, for checks. */
    public int timelineEntries() {
        return ports.historySize();
    }

    private void start() {
        ports.inTransaction(() -> {
            engine.start(definition, sagaId, data);
            return null;
        });
    }

    private SagaStatus status() {
        return ports.stored(sagaId).status();
    }

    private static void expect(ReplyOutcome outcome) {
        if (outcome != ReplyOutcome.APPLIED) {
            throw new IllegalStateException("a reply was not applied: " + outcome);
        }
    }

    private ReplyEnvelope reply(Object message) {
        MessageDescriptor descriptor = MessageCatalog.standard().describe(message);
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, descriptor.name(), descriptor.schemaVersion(),
                UUID.randomUUID(), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
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
