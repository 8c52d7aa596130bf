package io.sagaengine.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Which sagas to list.
 *
 * @param status    only sagas with this status; null for any
 * @param stuck     only sagas that need attention, or that are running or compensating but made no progress
 *                  (changed state) for longer than {@code olderThan}; a paused saga only if it needs attention
 * @param olderThan the stuck threshold
 * @param limit     page size, 1 to 500
 * @param cursor    from {@link SagaPage#nextCursor()}; null for the first page
 * @param type      only sagas of this type ({@link SagaDefinition#name()}); null for any
 * @param paused    only paused sagas ({@code true}) or only sagas not paused ({@code false}); null for both
 */
public record SagaSearch(SagaStatus status, boolean stuck, Duration olderThan, int limit, String cursor,
                         String type, Boolean paused) {

    public static final int MAX_LIMIT = 500;

    public SagaSearch {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Paused or not. */
    public SagaSearch(SagaStatus status, boolean stuck, Duration olderThan, int limit, String cursor, String type) {
        this(status, stuck, olderThan, limit, cursor, type, null);
    }

    /** Any saga type. */
    public SagaSearch(SagaStatus status, boolean stuck, Duration olderThan, int limit, String cursor) {
        this(status, stuck, olderThan, limit, cursor, null);
    }

    public static SagaSearch all(int limit) {
        return new SagaSearch(null, false, Duration.ZERO, limit, null);
    }

    public static SagaSearch stuck(Duration olderThan, int limit) {
        return new SagaSearch(null, true, olderThan, limit, null);
    }

    public SagaSearch after(String cursor) {
        return new SagaSearch(status, stuck, olderThan, limit, cursor, type, paused);
    }

    /** Only sagas of this type; null for any. */
    public SagaSearch ofType(String type) {
        return new SagaSearch(status, stuck, olderThan, limit, cursor, type, paused);
    }

    /** Only paused sagas ({@code true}), only sagas not paused ({@code false}); null for both. */
    public SagaSearch paused(Boolean paused) {
        return new SagaSearch(status, stuck, olderThan, limit, cursor, type, paused);
    }
}
