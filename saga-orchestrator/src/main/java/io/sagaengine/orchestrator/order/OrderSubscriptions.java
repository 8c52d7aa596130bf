package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Apps subscribed to an order's status, over a WebSocket or an event stream: each gets the order as it stands when
 * it subscribes, then every change after it, in version order (a version is never sent after a newer one; changes
 * that follow each other faster than the order is read arrive as the latest), and its subscription ends after the
 * final status. Both transports use this class; they only say how to send.
 *
 * <p>Woken like the long polls ({@link OrderWaiters}): by the change notifications of every instance
 * ({@link OrderChangeListener}), one read per change for all the order's subscribers; while the listener is not
 * listening, by a periodic re-check of every order subscribed to, in one query. No subscription holds a thread:
 * reads and sends run on {@value #SENDING_THREADS} shared threads.
 *
 * <p>At most {@link #capacity()} subscriptions at once: {@code orders.push.max-connections}, or when that is 0,
 * {@value #HEAP_SHARE_PERCENT}% of the maximum heap divided by {@value #BYTES_PER_SUBSCRIBER} bytes per subscription:
 * what an event stream held, measured with 2,000 connected (docs/BENCHMARKS.md, "Subscribers": 112 KB, its request
 * and response held by the container for the stream's life; a WebSocket, upgraded out of them, 56 KB). When the
 * instance stops, every subscription ends as going away, so apps reconnect to another instance.
 */
@Component
class OrderSubscriptions implements SmartLifecycle {

    static final int HEAP_SHARE_PERCENT = 40;
    static final int BYTES_PER_SUBSCRIBER = 112 * 1024;
    static final int SENDING_THREADS = 4;

    private static final Logger log = LoggerFactory.getLogger(OrderSubscriptions.class);

    /** An order's status as pushed: the JSON is written once per change, for all its subscribers. */
    record Update(long version, boolean settled, String json) {
    }

    /** Why a subscription ended, as the transport tells its client. */
    enum Ending {
        /** The final status was sent. */
        SETTLED,
        /** The order no longer exists. */
        NO_SUCH_ORDER,
        /** This instance is stopping: reconnect (to another instance). */
        GOING_AWAY,
        /** Sending failed: the client went away, or is too slow. */
        FAILED
    }

    /**
     * How a transport sends. For one subscription the calls come one at a time, in order, from any thread; they may
     * block while the connection's buffers are full.
     */
    interface Subscriber {
        void send(Update update) throws IOException;

        void heartbeat() throws IOException;

        /** The subscription is over; nothing is sent after it. */
        void ended(Ending ending);
    }

    /** What became of a request to subscribe. */
    sealed interface Opening {
        /** Subscribed; the current status may already have been sent, even the final one and the end. */
        record Open(Subscription subscription) implements Opening {
        }

        /** The client has seen the order's final version already: nothing will follow. */
        record SeenSettled() implements Opening {
        }

        record NoSuchOrder() implements Opening {
        }

        /** This instance holds as many subscriptions as it may. */
        record Full() implements Opening {
        }

        /** This instance is stopping. */
        record Stopping() implements Opening {
        }
    }

    /** One app's subscription to one order. */
    final class Subscription {
        private final UUID orderId;
        private final Subscriber subscriber;
        /** The version the client has; 0 for none (versions start at 1). Written under this subscription's lock. */
        private volatile long seen;
        private boolean over;

        private Subscription(UUID orderId, long seen, Subscriber subscriber) {
            this.orderId = orderId;
            this.seen = seen;
            this.subscriber = subscriber;
        }

        UUID orderId() {
            return orderId;
        }

        /** The client went away (or the transport closed): forget it, without telling the transport. */
        void cancel() {
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
            }
            forget(this);
        }
    }

    private final OrderVersions versions;
    private final JsonMapper json;
    private final Duration recheckInterval;
    private final Duration heartbeat;
    private final int capacity;
    private final Counter refused;
    private final Counter sent;
    private final Map<UUID, Set<Subscription>> subscribed = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile ScheduledExecutorService timer;
    private volatile ExecutorService senders;

    OrderSubscriptions(OrderVersions versions, OrderApiProperties api, OrderPushProperties push, JsonMapper json,
                       MeterRegistry registry) {
        this.versions = versions;
        this.json = json;
        this.recheckInterval = api.recheckInterval();
        this.heartbeat = push.heartbeat();
        this.capacity = push.maxConnections() > 0 ? push.maxConnections()
                : derivedCapacity(Runtime.getRuntime().maxMemory());
        this.refused = Counter.builder("orders.push.refused")
                .description("WebSockets and event streams refused because this instance held as many as it may")
                .register(registry);
        this.sent = Counter.builder("orders.push.sent")
                .description("Order statuses sent over WebSockets and event streams")
                .register(registry);
        Gauge.builder("orders.push.subscribers", count, AtomicInteger::get)
                .description("WebSockets and event streams open on this instance")
                .register(registry);
        Gauge.builder("orders.push.capacity", this, OrderSubscriptions::capacity)
                .description("WebSockets and event streams this instance may hold at once")
                .register(registry);
    }

    /** The cap when {@code orders.push.max-connections} is 0. */
    static int derivedCapacity(long maxHeapBytes) {
        return HeapShare.capacity(maxHeapBytes, HEAP_SHARE_PERCENT, BYTES_PER_SUBSCRIBER);
    }

    /**
     * Subscribes to the order and sends its current status unless the client has seen that version already.
     *
     * @param seen the version the client has (an event stream's {@code Last-Event-ID}); empty for none
     */
    Opening subscribe(UUID orderId, OptionalLong seen, Subscriber subscriber) {
        if (senders == null) {
            return new Opening.Stopping();
        }
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            refused.increment();
            return new Opening.Full();
        }
        long clientHas = Math.max(0, seen.orElse(0));
        Subscription subscription = new Subscription(orderId, clientHas, subscriber);
        subscribed.compute(orderId, (id, set) -> {
            Set<Subscription> subscriptions = set == null ? ConcurrentHashMap.newKeySet() : set;
            subscriptions.add(subscription);
            return subscriptions;
        });
        if (senders == null) {
            // stopped meanwhile, and may have ended the subscriptions before this one was added
            subscription.cancel();
            return new Opening.Stopping();
        }
        // Registered first, read then: a change announced from now on finds this subscription; one committed before
        // is in what is read.
        Optional<StoredOrder> order;
        try {
            order = versions.read(orderId);
        } catch (RuntimeException e) {
            subscription.cancel();
            throw e;
        }
        if (order.isEmpty()) {
            subscription.cancel();
            return new Opening.NoSuchOrder();
        }
        StoredOrder current = order.get();
        synchronized (subscription) {
            if (clientHas > current.version()) {
                // a version this order never had (another database's, a client's mistake): start afresh
                subscription.seen = 0;
            }
            // what the client had, not what a change delivered meanwhile (between the registration and this read)
            // sent it: that final status is sent already, and the subscription is over; the transport must still
            // answer with what was sent
            if (clientHas == current.version() && current.status() != OrderStatus.PENDING) {
                subscription.cancel();
                return new Opening.SeenSettled();
            }
        }
        deliver(subscription, update(current));
        return new Opening.Open(subscription);
    }

    /** The order changed (announced by a notification): its subscribers that have not seen the change get it. */
    void changed(OrderChange change) {
        Set<Subscription> subscriptions = subscribed.get(change.orderId());
        if (subscriptions == null || subscriptions.isEmpty()) {
            return;
        }
        OptionalLong announced = change.version();
        if (announced.isPresent() && subscriptions.stream().allMatch(s -> s.seen >= announced.getAsLong())) {
            return;
        }
        inBackground(() -> refresh(change.orderId()));
    }

    /**
     * Re-reads the versions of every order subscribed to: the fallback for changes that were not announced, while
     * the change listener is not listening, and once when it listens again.
     */
    void recheckAll() {
        if (subscribed.isEmpty()) {
            return;
        }
        try {
            Map<UUID, Long> current = versions.readVersions(List.copyOf(subscribed.keySet()));
            subscribed.forEach((orderId, subscriptions) -> {
                Long version = current.get(orderId);
                if (subscriptions.stream().anyMatch(s -> version == null || s.seen < version)) {
                    inBackground(() -> refresh(orderId));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Re-checking orders subscribed to failed: {}", e.toString());
        }
    }

    int subscriberCount() {
        return count.get();
    }

    int capacity() {
        return capacity;
    }

    /** Reads the order once and sends it to each of its subscribers that has not seen it. */
    private void refresh(UUID orderId) {
        Set<Subscription> subscriptions = subscribed.get(orderId);
        if (subscriptions == null || subscriptions.isEmpty()) {
            return;
        }
        Optional<StoredOrder> order;
        try {
            order = versions.read(orderId);
        } catch (RuntimeException e) {
            // the change is not lost: read again a little later
            log.warn("Reading order {} for its subscribers failed, retrying in {}: {}", orderId, recheckInterval,
                    e.toString());
            ScheduledExecutorService scheduler = timer;
            if (scheduler != null) {
                scheduler.schedule(() -> inBackground(() -> refresh(orderId)), recheckInterval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (order.isEmpty()) {
            List.copyOf(subscriptions).forEach(s -> end(s, Ending.NO_SUCH_ORDER));
            return;
        }
        Update update = update(order.get());
        for (Subscription subscription : List.copyOf(subscriptions)) {
            deliver(subscription, update);
        }
    }

    private void deliver(Subscription subscription, Update update) {
        synchronized (subscription) {
            if (subscription.over || update.version() <= subscription.seen) {
                return;
            }
            try {
                subscription.subscriber.send(update);
            } catch (IOException | RuntimeException e) {
                end(subscription, Ending.FAILED);
                return;
            }
            sent.increment();
            subscription.seen = update.version();
            if (update.settled()) {
                end(subscription, Ending.SETTLED);
            }
        }
    }

    private void beat(Subscription subscription) {
        synchronized (subscription) {
            if (subscription.over) {
                return;
            }
            try {
                subscription.subscriber.heartbeat();
            } catch (IOException | RuntimeException e) {
                end(subscription, Ending.FAILED);
            }
        }
    }

    private void end(Subscription subscription, Ending ending) {
        synchronized (subscription) {
            if (subscription.over) {
                return;
            }
            subscription.over = true;
            try {
                subscription.subscriber.ended(ending);
            } catch (RuntimeException e) {
                log.debug("Ending a subscription to order {} failed: {}", subscription.orderId, e.toString());
            }
        }
        forget(subscription);
    }

    private void forget(Subscription subscription) {
        boolean[] removed = new boolean[1];
        subscribed.computeIfPresent(subscription.orderId, (id, subscriptions) -> {
            removed[0] = subscriptions.remove(subscription);
            return subscriptions.isEmpty() ? null : subscriptions;
        });
        if (removed[0]) {
            count.decrementAndGet();
        }
    }

    private Update update(StoredOrder order) {
        return new Update(order.version(), order.status() != OrderStatus.PENDING,
                json.writeValueAsString(VersionedOrderView.of(order)));
    }

    private void inBackground(Runnable task) {
        ExecutorService executor = senders;
        if (executor == null) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopping) {
            // every subscription ends as going away
        }
    }

    private void heartbeatAll() {
        subscribed.values().forEach(subscriptions -> subscriptions.forEach(s -> inBackground(() -> beat(s))));
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("order-push-timer"));
        long recheck = recheckInterval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            if (!versions.isListening()) {
                recheckAll();
            }
        }, recheck, recheck, TimeUnit.MILLISECONDS);
        long beat = heartbeat.toMillis();
        scheduler.scheduleAtFixedRate(this::heartbeatAll, beat, beat, TimeUnit.MILLISECONDS);
        timer = scheduler;
        senders = Executors.newFixedThreadPool(SENDING_THREADS, daemon("order-push"));
    }

    /** Ends every subscription as going away, so that apps reconnect to another instance at once. */
    @Override
    public void stop() {
        ExecutorService executor = senders;
        ScheduledExecutorService scheduler = timer;
        senders = null;
        timer = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        subscribed.values().forEach(subscriptions -> List.copyOf(subscriptions).forEach(s -> end(s, Ending.GOING_AWAY)));
    }

    @Override
    public boolean isRunning() {
        return senders != null;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
