package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long polls waiting for an order to change. A waiter holds no thread: it is completed by a change
 * notification ({@link #changed}), by its deadline, or, while the change listener is not listening, by the periodic
 * re-check, whichever comes first. While the listener listens, a wait on a version known to be current
 * ({@link OrderVersions}) starts and ends without a database read unless the order changes.
 *
 * <p>At most {@link #capacity()} long polls are held at once: {@code orders.max-waiters}, or when that is 0,
 * {@value #HEAP_SHARE_PERCENT}% of the maximum heap divided by {@value #BYTES_PER_WAITER} bytes per long poll (the
 * container's request, response and buffers kept while it is parked, and the waiter itself). Beyond that a long
 * poll is refused with 503 and Retry-After, never answered at once, which would invite a tight polling loop.
 */
@Component
class OrderWaiters implements SmartLifecycle {

    static final int HEAP_SHARE_PERCENT = 10;
    static final int BYTES_PER_WAITER = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(OrderWaiters.class);

    /** How a wait ended. */
    sealed interface Outcome {
        /** The order is still at the version waited on, known without reading it. */
        record Unchanged() implements Outcome {
        }

        /** The order as read now; its version may still be the one waited on (the deadline passed). */
        record Latest(StoredOrder order) implements Outcome {
        }

        /** The order no longer exists. */
        record Gone() implements Outcome {
        }
    }

    private final OrderVersions versions;
    private final OrderApiProperties properties;
    private final int capacity;
    private final Counter refused;
    private final Map<UUID, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile ScheduledExecutorService scheduler;

    OrderWaiters(OrderVersions versions, OrderApiProperties properties, MeterRegistry registry) {
        this.versions = versions;
        this.properties = properties;
        this.capacity = properties.maxWaiters() > 0 ? properties.maxWaiters()
                : derivedCapacity(Runtime.getRuntime().maxMemory());
        this.refused = Counter.builder("orders.long.polls.refused")
                .description("Long polls refused with 503 because this instance held as many as it may")
                .register(registry);
        Gauge.builder("orders.long.polls.waiting", count, AtomicInteger::get)
                .description("Long polls this instance holds now")
                .register(registry);
        Gauge.builder("orders.long.polls.capacity", this, OrderWaiters::capacity)
                .description("Long polls this instance may hold at once")
                .register(registry);
    }

    /** The cap on long polls when {@code orders.max-waiters} is 0. */
    static int derivedCapacity(long maxHeapBytes) {
        return HeapShare.capacity(maxHeapBytes, HEAP_SHARE_PERCENT, BYTES_PER_WAITER);
    }

    private static final class Waiter {
        final UUID orderId;
        final long knownVersion;
        final CompletableFuture<Outcome> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> deadline;

        Waiter(UUID orderId, long knownVersion) {
            this.orderId = orderId;
            this.knownVersion = knownVersion;
        }
    }

    /** Whether another long poll may wait now (by the last count; {@link #awaitChange} decides). */
    boolean hasRoom() {
        return count.get() < capacity;
    }

    /**
     * Waits for the order to move past {@code knownVersion}.
     *
     * @return completes as soon as a change is seen, or once {@code wait} has passed (or at once when this
     *         instance is stopping). Cancel it when the answer is no longer wanted.
     * @throws OrderProblem 503 when this instance already holds as many long polls as it may
     */
    CompletableFuture<Outcome> awaitChange(UUID orderId, long knownVersion, Duration wait) {
        ScheduledExecutorService timer = scheduler;
        if (timer == null) {
            return CompletableFuture.completedFuture(latest(orderId, knownVersion));
        }
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            refused.increment();
            throw OrderProblem.tooManyLongPolls();
        }
        Waiter waiter = new Waiter(orderId, knownVersion);
        waiter.future.whenComplete((result, error) -> forget(waiter));
        waiting.compute(orderId, (id, set) -> {
            Set<Waiter> waiters = set == null ? ConcurrentHashMap.newKeySet() : set;
            waiters.add(waiter);
            return waiters;
        });
        waiter.deadline = timer.schedule(() -> expire(waiter), wait.toMillis(), TimeUnit.MILLISECONDS);
        if (waiter.future.isDone()) {
            waiter.deadline.cancel(false);
        }
        try {
            // Registered first, checked then: a change announced from now on finds this waiter. One committed
            // before is either known here or needs a read.
            if (versions.current(orderId).orElse(-1) != knownVersion) {
                changed(OrderChange.unknown(orderId));
            }
        } catch (RuntimeException e) {
            waiter.future.cancel(false);
            throw e;
        }
        return waiter.future;
    }

    /** The order changed (announced by a notification): completes its waiters whose version is out of date. */
    void changed(OrderChange change) {
        Set<Waiter> waiters = waiting.get(change.orderId());
        if (waiters == null || waiters.isEmpty()) {
            return;
        }
        OptionalLong announced = change.version();
        if (announced.isPresent() && waiters.stream().allMatch(w -> w.knownVersion == announced.getAsLong())) {
            return;
        }
        Optional<StoredOrder> latest = versions.read(change.orderId());
        for (Waiter waiter : List.copyOf(waiters)) {
            if (latest.isEmpty()) {
                waiter.future.complete(new Outcome.Gone());
            } else if (latest.get().version() != waiter.knownVersion) {
                waiter.future.complete(new Outcome.Latest(latest.get()));
            }
        }
    }

    /**
     * Re-reads the versions of every order waited on: the fallback for changes that were not announced, while the
     * change listener is not listening, and once when it listens again.
     */
    void recheckAll() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            Map<UUID, Long> current = versions.readVersions(List.copyOf(waiting.keySet()));
            waiting.forEach((orderId, waiters) -> {
                Long version = current.get(orderId);
                if (waiters.stream().anyMatch(w -> version == null || version != w.knownVersion)) {
                    changed(OrderChange.unknown(orderId));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Re-checking orders waited on failed: {}", e.toString());
        }
    }

    int waiterCount() {
        return count.get();
    }

    int capacity() {
        return capacity;
    }

    private void expire(Waiter waiter) {
        try {
            waiter.future.complete(latest(waiter.orderId, waiter.knownVersion));
        } catch (RuntimeException e) {
            waiter.future.completeExceptionally(e);
        }
    }

    /** Unchanged when known to be, without a read; otherwise the order as read now. */
    private Outcome latest(UUID orderId, long knownVersion) {
        if (versions.current(orderId).orElse(-1) == knownVersion) {
            return new Outcome.Unchanged();
        }
        return versions.read(orderId).<Outcome>map(Outcome.Latest::new).orElseGet(Outcome.Gone::new);
    }

    private void forget(Waiter waiter) {
        waiting.computeIfPresent(waiter.orderId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
        ScheduledFuture<?> deadline = waiter.deadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        count.decrementAndGet();
    }

    @Override
    public void start() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "order-waiters");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.recheckInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            if (!versions.isListening()) {
                recheckAll();
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        scheduler = timer;
    }

    /** Answers every waiter with its order's current state, so shutdown need not wait out the long polls. */
    @Override
    public void stop() {
        ScheduledExecutorService timer = scheduler;
        scheduler = null;
        for (UUID orderId : List.copyOf(waiting.keySet())) {
            Set<Waiter> waiters = waiting.get(orderId);
            if (waiters == null) {
                continue;
            }
            for (Waiter waiter : List.copyOf(waiters)) {
                try {
                    waiter.future.complete(latest(orderId, waiter.knownVersion));
                } catch (RuntimeException e) {
                    waiter.future.completeExceptionally(e);
                }
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
