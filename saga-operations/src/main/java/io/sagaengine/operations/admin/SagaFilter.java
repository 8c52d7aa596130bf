package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaSearch;
import io.sagaengine.engine.SagaStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * Which sagas a listing or a bulk action takes: every criterion given must hold.
 *
 * @param status           only this status
 * @param type             only sagas of this definition (e.g. {@code order})
 * @param stuck            only stuck sagas (needs attention, parked, or no progress for longer than olderThan)
 * @param stuckKind        only sagas stuck this way
 * @param olderThan        the stuck threshold
 * @param step             only sagas standing at this step: its command or its compensation in flight, or parked there
 * @param search           a saga id, or a value of the saga's data (an order id, a customer id)
 * @param progressedBefore only sagas that last changed state before this instant
 * @param progressedAfter  only sagas that last changed state at or after this instant
 * @param definedHere      true: only sagas of a type this instance's build defines; false: only sagas of other types
 *                         (a newer or older build's, during a rolling upgrade); null: any
 * @param paused           true: only paused sagas; false: only sagas not paused; null: any
 * @param limit            page size
 * @param cursor           the nextCursor of the previous page
 */
record SagaFilter(SagaStatus status, String type, boolean stuck, StuckReason.Kind stuckKind, Duration olderThan,
                  String step, String search, Instant progressedBefore, Instant progressedAfter, Boolean definedHere,
                  Boolean paused, int limit, String cursor) {

    /** Whether the engine's own listing answers it (only status, type, stuck, olderThan, paused, paging). */
    boolean basic() {
        return stuckKind == null && step == null && search == null && progressedBefore == null
                && progressedAfter == null && definedHere == null;
    }

    SagaSearch engineSearch() {
        return new SagaSearch(status, stuck, olderThan, limit, cursor).ofType(type).paused(paused);
    }

    SagaFilter after(String nextCursor, int pageSize) {
        return new SagaFilter(status, type, stuck, stuckKind, olderThan, step, search, progressedBefore,
                progressedAfter, definedHere, paused, pageSize, nextCursor);
    }
}
