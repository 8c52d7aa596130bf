package io.sagaengine.orchestrator.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An orders table in memory that counts how often it is read. */
class FakeOrders extends OrderRepository {

    final Map<UUID, StoredOrder> table = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    /** Runs once, inside the next {@link #find}, before it reads. */
    final AtomicReference<Runnable> beforeNextFind = new AtomicReference<>();

    FakeOrders() {
        super(null);
    }

    @Override
    Optional<StoredOrder> find(UUID id) {
        Runnable before = beforeNextFind.getAndSet(null);
        if (before != null) {
            before.run();
        }
        reads.incrementAndGet();
        return Optional.ofNullable(table.get(id));
    }

    @Override
    Map<UUID, Long> versions(Collection<UUID> ids) {
        reads.incrementAndGet();
        Map<UUID, Long> versions = new HashMap<>();
        ids.stream().filter(table::containsKey).forEach(id -> versions.put(id, table.get(id).version()));
        return versions;
    }

    UUID store(UUID id, long version) {
        Instant now = Instant.now();
        table.put(id, new StoredOrder(id, UUID.randomUUID(), version == 1 ? OrderStatus.PENDING : OrderStatus.COMPLETED,
                null, new BigDecimal("1.00"), "EUR", null, null, null, version, now, now));
        return id;
    }

    int reads() {
        return reads.get();
    }
}
