package io.sagaengine.orchestrator.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * notification ({@link #changed}), by the periodic re-check that covers lost notifications, or by its
 * deadline, whichever comes first.
 */
@Component
class OrderWaiters implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderWaiters.class);

    private final OrderRepository orders;
    private final OrderApiProperties properties;
    private final Map<UUID, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile ScheduledExecutorService scheduler;

    OrderWaiters(OrderRepository orders, OrderApiProperties properties) {
        this.orders = orders;
        this.properties = properties;
    }

    private static final class Waiter {
        final UUID orderId;
        final long knownVersion;
        final CompletableFuture<Optional<StoredOrder>> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> deadline;

        Waiter(UUID orderId, long knownVersion) {
            this.orderId = orderId;
            this.knownVersion = knownVersion;
        }
    }

    /**
     * Waits for the order to move past {@code knownVersion}.
     *
     * @return completes with the changed order as soon as a change is seen, or with its current state once
     *         {@code wait} has passed (or at once when this instance holds too many waiters or is stopping);
     *         empty if the order no longer exists. Cancel it when the answer is no longer wanted.
     */
    CompletableFuture<Optional<StoredOrder>> awaitChange(UUID orderId, long knownVersion, Duration wait) {
        ScheduledExecutorService timer = scheduler;
        if (timer == null || count.incrementAndGet() > properties.maxWaiters()) {
            if (timer != null) {
                count.decrementAndGet();
            }
            return CompletableFuture.completedFuture(orders.find(orderId));
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
            // a change that committed before the waiter was registered would otherwise wait for the re-check
            changed(orderId);
        } catch (RuntimeException e) {
            waiter.future.cancel(false);
            throw e;
        }
        return waiter.future;
    }

    /** The order may have changed: completes its waiters whose version is out of date. */
    void changed(UUID orderId) {
        Set<Waiter> waiters = waiting.get(orderId);
        if (waiters == null || waiters.isEmpty()) {
            return;
        }
        Optional<StoredOrder> latest = orders.find(orderId);
        for (Waiter waiter : List.copyOf(waiters)) {
            if (latest.isEmpty() || latest.get().version() != waiter.knownVersion) {
                waiter.future.complete(latest);
            }
        }
    }

    /** Re-reads the versions of every order waited on; the fallback for lost change notifications. */
    void recheckAll() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            Map<UUID, Long> versions = orders.versions(List.copyOf(waiting.keySet()));
            waiting.forEach((orderId, waiters) -> {
                Long version = versions.get(orderId);
                if (waiters.stream().anyMatch(w -> version == null || version != w.knownVersion)) {
                    changed(orderId);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Re-checking orders waited on failed: {}", e.toString());
        }
    }

    int waiterCount() {
        return count.get();
    }

    private void expire(Waiter waiter) {
        try {
            waiter.future.complete(orders.find(waiter.orderId));
        } catch (RuntimeException e) {
            waiter.future.completeExceptionally(e);
        }
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
        timer.scheduleWithFixedDelay(this::recheckAll, interval, interval, TimeUnit.MILLISECONDS);
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
            Optional<StoredOrder> latest;
            try {
                latest = orders.find(orderId);
            } catch (RuntimeException e) {
                List.copyOf(waiters).forEach(w -> w.future.completeExceptionally(e));
                continue;
            }
            List.copyOf(waiters).forEach(w -> w.future.complete(latest));
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
