package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The last known version of recently seen orders, so that a {@code 304} and a long poll that ends without a change
 * cost no database read. Fed by every read of an order, by the orders this instance places and by the change
 * notifications of every instance ({@link OrderChangeListener}).
 *
 * <p>A known version is trusted only while the change listener has been listening without a break since it was
 * learnt: the listener misses nothing while its connection lives, and every change commits a notification. When the
 * connection drops, everything known is forgotten, and until it listens again nothing is learnt (every status read
 * goes to the database, as the periodic re-check of long polls does).
 *
 * <p>A read races with changes: what it saw is recorded only if nothing that happened since it began was lost
 * (the connection dropped, a change of unknown version was announced, or an entry written since was evicted). Versions
 * only grow, so a read that saw an older version than a notification recorded keeps the newer one.
 *
 * <p>Size: at most {@code orders.known-versions} orders (about {@value #BYTES_PER_ENTRY} bytes each). Beyond that,
 * settled orders go first (an order changes once, from PENDING to its outcome, so its long polls are over), then
 * the pending orders learnt longest ago; a forgotten order costs one read.
 */
@Component
class OrderVersions {

    /** A linked map node, the id and the entry, on a 64-bit JVM with compressed pointers. */
    static final int BYTES_PER_ENTRY = 120;

    private record Known(long version, long stamp) {
    }

    private final OrderRepository orders;
    private final int capacity;
    private final Counter fromMemory;
    private final Counter fromDatabase;
    /** Oldest first, in each; an order is in one of them. Guarded by this. */
    private final LinkedHashMap<UUID, Known> pending = new LinkedHashMap<>();
    private final LinkedHashMap<UUID, Known> settled = new LinkedHashMap<>();
    /** Stamps writes; a read starts with the current value. Guarded by this. */
    private long clock;
    /** A read that started before this stamp may have missed something and is not recorded. Guarded by this. */
    private long staleBefore;
    private boolean listening;

    OrderVersions(OrderRepository orders, OrderApiProperties properties, MeterRegistry registry) {
        this.orders = orders;
        this.capacity = Math.max(1, properties.knownVersions());
        this.fromMemory = Counter.builder("orders.status.reads").tag("source", "memory")
                .description("Answers to GET /orders/{id} that needed no database read (a 304, or a long poll that "
                        + "ended without a change)")
                .register(registry);
        this.fromDatabase = Counter.builder("orders.status.reads").tag("source", "database")
                .description("Reads of an order from the database for GET /orders/{id} and its long polls")
                .register(registry);
        Gauge.builder("orders.versions.known", this, OrderVersions::size)
                .description("Orders whose current version this instance knows without a database read")
                .register(registry);
    }

    /** The order's version, if known to be current; empty means: read it. */
    synchronized OptionalLong current(UUID orderId) {
        Known entry = listening ? entry(orderId) : null;
        return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.version());
    }

    /** Reads the order from the database and remembers its version. */
    Optional<StoredOrder> read(UUID orderId) {
        long start = start();
        fromDatabase.increment();
        Optional<StoredOrder> order = orders.find(orderId);
        if (order.isPresent()) {
            record(orderId, order.get().version(), order.get().status() != OrderStatus.PENDING, start);
        } else {
            forget(orderId);
        }
        return order;
    }

    /** Reads the versions of these orders and remembers them; absent orders are missing from the answer. */
    Map<UUID, Long> readVersions(Collection<UUID> orderIds) {
        long start = start();
        Map<UUID, Long> versions = orders.versions(orderIds);
        versions.forEach((id, version) -> record(id, version, false, start));
        return versions;
    }

    /** Counts an answer given from what is known here, without a read. */
    void answeredFromMemory() {
        fromMemory.increment();
    }

    /** Where a read, or a transaction whose outcome is to be recorded, begins. */
    synchronized long start() {
        return listening ? clock : -1;
    }

    /**
     * Remembers {@code version}, seen by a read (or written by a transaction) that began at {@code start}, unless
     * something it may have missed was lost since.
     */
    synchronized void record(UUID orderId, long version, boolean isSettled, long start) {
        if (start < 0 || start < staleBefore || !listening) {
            return;
        }
        Known entry = entry(orderId);
        if (entry == null || entry.version() < version) {
            put(orderId, version, isSettled);
        }
    }

    /** A change announced by a notification. */
    synchronized void changed(OrderChange change) {
        if (!listening) {
            return;
        }
        if (change.version().isEmpty()) {
            remove(change.orderId());
            staleBefore = ++clock;
            return;
        }
        Known entry = entry(change.orderId());
        if (entry == null || entry.version() < change.version().getAsLong()) {
            put(change.orderId(), change.version().getAsLong(), true);
        }
    }

    /** The change listener listens (again): from now on every change is announced. */
    synchronized void listening() {
        pending.clear();
        settled.clear();
        staleBefore = ++clock;
        listening = true;
    }

    /** The change listener stopped listening: changes may go unannounced, nothing known can be trusted. */
    synchronized void notListening() {
        pending.clear();
        settled.clear();
        staleBefore = ++clock;
        listening = false;
    }

    synchronized boolean isListening() {
        return listening;
    }

    synchronized int size() {
        return pending.size() + settled.size();
    }

    private synchronized void forget(UUID orderId) {
        remove(orderId);
    }

    private Known entry(UUID orderId) {
        Known entry = pending.get(orderId);
        return entry != null ? entry : settled.get(orderId);
    }

    private void remove(UUID orderId) {
        if (pending.remove(orderId) == null) {
            settled.remove(orderId);
        }
    }

    private void put(UUID orderId, long version, boolean isSettled) {
        remove(orderId);
        (isSettled ? settled : pending).put(orderId, new Known(version, ++clock));
        while (size() > capacity) {
            Iterator<Known> eldest = (settled.isEmpty() ? pending : settled).values().iterator();
            // what was learnt after a read began is lost now: that read must not record what it saw
            staleBefore = Math.max(staleBefore, eldest.next().stamp());
            eldest.remove();
        }
    }
}
