package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaEvent;
import io.sagaengine.engine.SagaStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * Why a saga counts as stuck: it needs attention because a compensation's budget was spent, it was parked
 * because an input could not be handled, or it made no progress (changed no state) for longer than the threshold.
 */
record StuckReason(Kind kind, String text) {

    enum Kind { NEEDS_ATTENTION, PARKED, NO_PROGRESS }

    /** Null when the saga is not stuck. */
    static StuckReason of(SagaStatus status, SagaEvent parkedBy, String lastError, Instant progressedAt, Instant now,
                          Duration olderThan) {
        if (status == SagaStatus.NEEDS_ATTENTION) {
            Kind kind = parkedBy == SagaEvent.PARK ? Kind.PARKED : Kind.NEEDS_ATTENTION;
            return new StuckReason(kind, lastError == null ? kind.name() : kind.name() + ": " + lastError);
        }
        boolean active = status == SagaStatus.RUNNING || status == SagaStatus.COMPENSATING;
        if (active && progressedAt != null && progressedAt.isBefore(now.minus(olderThan))) {
            return new StuckReason(Kind.NO_PROGRESS, "NO_PROGRESS_SINCE " + progressedAt);
        }
        return null;
    }
}
