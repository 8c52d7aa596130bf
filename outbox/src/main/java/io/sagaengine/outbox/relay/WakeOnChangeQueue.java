package io.sagaengine.outbox.relay;

import io.debezium.connector.base.QueueProvider;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The buffer between Debezium's streaming thread and the relay's poll, selected with
 * {@code queue.provider.type=outbox-wake-on-change}. It holds the change events Debezium's
 * {@code ChangeEventQueue} hands it, like Debezium's default in-memory provider, and in addition lets
 * {@link WakeOnChangePostgresTask} wait for the next event and take every buffered event at once.
 *
 * <p>Why: Debezium's own {@code ChangeEventQueue.poll()} returns a partial batch only after a full
 * {@code poll.interval.ms}, and spends the last millisecond of every such wait spinning (its timer counts
 * whole milliseconds). Each relay thus added one poll interval to every hop and burnt about a sixth of a core
 * while idle at a 5 ms interval. Waking on the event removes both.
 *
 * <p>Debezium creates one instance per connector start (through {@link java.util.ServiceLoader}) and
 * configures it with the connector's properties; the instance registers itself under the relay's
 * {@value #KEY} property so the task of the same connector finds it.
 */
public final class WakeOnChangeQueue<T> implements QueueProvider<T> {

    /** The value of Debezium's {@code queue.provider.type} that selects this provider. */
    public static final String NAME = "outbox-wake-on-change";

    /** Connector property naming the queue, unique per relay engine. */
    static final String KEY = "outbox.relay.queue.key";

    private static final Map<String, WakeOnChangeQueue<?>> REGISTERED = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<T> events = new ArrayDeque<>();
    private volatile String key;

    /** For {@link java.util.ServiceLoader}. */
    public WakeOnChangeQueue() {
    }

    /** The queue registered under {@code key}, or {@code null} if none (or if Debezium uses another provider). */
    static WakeOnChangeQueue<?> registered(String key) {
        return key == null ? null : REGISTERED.get(key);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void configure(Map<String, ?> properties) {
        Object configured = properties.get(KEY);
        if (configured != null) {
            key = configured.toString();
            REGISTERED.put(key, this);
        }
    }

    @Override
    public void enqueue(T event) {
        lock.lock();
        try {
            events.addLast(event);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T poll() {
        lock.lock();
        try {
            return events.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an event is buffered or {@code timeout} has passed.
     *
     * @return whether an event is buffered
     */
    boolean awaitEvent(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (events.isEmpty() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return !events.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Takes up to {@code max} buffered events, oldest first, without waiting for more. */
    List<T> drain(int max) {
        lock.lock();
        try {
            int n = Math.min(max, events.size());
            List<T> drained = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                drained.add(events.pollFirst());
            }
            return drained;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        String registeredKey = key;
        if (registeredKey != null) {
            REGISTERED.remove(registeredKey, this);
        }
    }

    /** Whether a relay engine named {@code relayName} runs with this queue (its keys start with the name). */
    static boolean inUseBy(String relayName) {
        return REGISTERED.keySet().stream().anyMatch(k -> k.startsWith(relayName + "-"));
    }

    @Override
    public String toString() {
        return "WakeOnChangeQueue[" + key + ", " + size() + " buffered]";
    }
}
