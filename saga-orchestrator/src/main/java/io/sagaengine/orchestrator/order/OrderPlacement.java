package io.sagaengine.orchestrator.order;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Accepts an order: stores it, announces it ({@link OrderEvents}) and starts its saga in one transaction, or finds the
 * order an earlier request with the same Idempotency-Key created.
 */
@Service
class OrderPlacement {

    /** What {@code POST /orders} answers; the same for a request and its idempotent repeats. */
    /**
     * The answer to a placement.
     *
     * @param version the new order's version as its transaction left it; empty for an answer repeated for an
     *                idempotency key, whose order may have moved on since
     */
    record Accepted(UUID orderId, UUID sagaId, OptionalLong version) {
    }

    private final OrderRepository orders;
    private final OrderSagaStarter sagas;
    private final OrderEvents events;
    private final OrderVersions versions;
    private final TransactionTemplate transaction;

    OrderPlacement(OrderRepository orders, OrderSagaStarter sagas, OrderEvents events, OrderVersions versions,
                   PlatformTransactionManager transactionManager) {
        this.orders = orders;
        this.sagas = sagas;
        this.events = events;
        this.versions = versions;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * @throws OrderProblem 409 while another request with the same key is in flight, 422 when the key was
     *                      used before for a different order
     */
    Accepted place(NewOrder order, Optional<IdempotencyKey> key) {
        long start = versions.start();
        try {
            Accepted accepted = transaction.execute(status -> placeInTransaction(order, key));
            // committed: the client's first long poll on this version needs no read
            accepted.version().ifPresent(version -> versions.record(accepted.orderId(), version, false, start));
            return accepted;
        } catch (DuplicateKeyException e) {
            // The key's lock makes this unreachable for requests through this API; the unique constraint
            // is the last line of defence, and the winner's order is the answer.
            IdempotencyKey used = key.orElseThrow(() -> e);
            return transaction.execute(status -> orders.findByIdempotencyKey(used)
                    .map(earlier -> replay(earlier, order))
                    .orElseThrow(() -> e));
        }
    }

    private Accepted placeInTransaction(NewOrder order, Optional<IdempotencyKey> key) {
        if (key.isPresent()) {
            if (!orders.tryLock(key.get())) {
                throw OrderProblem.idempotencyKeyInUse();
            }
            Optional<StoredOrder> earlier = orders.findByIdempotencyKey(key.get());
            if (earlier.isPresent()) {
                return replay(earlier.get(), order);
            }
        }
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        long version = orders.insert(orderId, sagaId, order, key);
        events.placed(orderId, sagaId, order, version);
        sagas.start(new PlacedOrder(orderId, sagaId, order.customerId(), order.currency(), order.total(),
                order.lines(), order.shippingAddress()));
        return new Accepted(orderId, sagaId, OptionalLong.of(version));
    }

    private static Accepted replay(StoredOrder earlier, NewOrder order) {
        if (!order.fingerprint().equals(earlier.requestFingerprint())) {
            throw OrderProblem.idempotencyKeyReused();
        }
        return new Accepted(earlier.id(), earlier.sagaId(), OptionalLong.empty());
    }
}
