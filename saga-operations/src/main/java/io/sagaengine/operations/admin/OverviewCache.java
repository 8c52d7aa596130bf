package io.sagaengine.operations.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The overview as last read, per stuck threshold, answered to every caller for {@code saga.admin.overview-cache-ttl}:
 * however many consoles refresh at once, the overview's aggregate queries run once per interval on each instance.
 * Callers that come while it is being read wait for that read instead of starting their own. A read that fails is
 * not kept.
 */
final class OverviewCache<T> {

    /** Thresholds kept at most; the console asks with one, a script may ask with any. */
    static final int MAX_THRESHOLDS = 16;

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Duration, Entry> entries = new LinkedHashMap<>();

    OverviewCache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    T get(Duration threshold, Supplier<T> read) {
        if (ttlNanos == 0) {
            return read.get();
        }
        return entry(threshold).get(read);
    }

    private synchronized Entry entry(Duration threshold) {
        Entry entry = entries.get(threshold);
        if (entry == null) {
            if (entries.size() >= MAX_THRESHOLDS) {
                entries.remove(entries.keySet().iterator().next());
            }
            entry = new Entry();
            entries.put(threshold, entry);
        }
        return entry;
    }

    private final class Entry {
        private T value;
        private long readAt;

        synchronized T get(Supplier<T> read) {
            long now = nanoTime.getAsLong();
            if (value == null || now - readAt >= ttlNanos) {
                value = read.get();
                readAt = now;
            }
            return value;
        }
    }
}
