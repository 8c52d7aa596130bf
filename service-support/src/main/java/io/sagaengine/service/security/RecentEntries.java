package io.sagaengine.service.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded map whose entries expire: beyond {@code capacity} the least recently used entry goes, so keys an
 * attacker makes up (random user names, many addresses) cannot grow it without limit. Thread-safe; every operation
 * is O(1) under one lock.
 */
final class RecentEntries<K, V> {

    private final LinkedHashMap<K, V> entries;
    private final Function<V, Instant> expiry;

    /** {@code expiry}: when an entry may be forgotten. */
    RecentEntries(int capacity, Function<V, Instant> expiry) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.expiry = expiry;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The entry of {@code key} unless it has expired at {@code now}. */
    synchronized V get(K key, Instant now) {
        V value = entries.get(key);
        if (value != null && !expiry.apply(value).isAfter(now)) {
            entries.remove(key);
            return null;
        }
        return value;
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized void remove(K key) {
        entries.remove(key);
    }

    synchronized int size() {
        return entries.size();
    }
}
