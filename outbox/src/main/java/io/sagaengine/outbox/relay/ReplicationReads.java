package io.sagaengine.outbox.relay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a relay's streaming thread found when it read the replication stream: how often it was empty, and how
 * often a wait on the socket ended because PostgreSQL sent something. Registered under the relay engine's queue
 * key, like {@link WakeOnChangeQueue}.
 */
final class ReplicationReads {

    private static final Map<String, ReplicationReads> REGISTERED = new ConcurrentHashMap<>();

    private final LongAdder empty = new LongAdder();
    private final LongAdder woken = new LongAdder();

    static ReplicationReads register(String key) {
        return REGISTERED.computeIfAbsent(key, k -> new ReplicationReads());
    }

    static void unregister(String key) {
        REGISTERED.remove(key);
    }

    /** The reads of the relay engine named {@code relayName} (its keys start with the name), if it runs. */
    static ReplicationReads of(String relayName) {
        return REGISTERED.entrySet().stream().filter(e -> e.getKey().startsWith(relayName + "-"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    void emptyRead() {
        empty.increment();
    }

    void wokenByData() {
        woken.increment();
    }

    long emptyReads() {
        return empty.sum();
    }

    long wokenByDataCount() {
        return woken.sum();
    }
}
