package io.sagaengine.engine;

import java.time.Instant;

/**
 * Which sagas a {@link SagaFinder} takes: every criterion given (not null, not false) must hold.
 *
 * @param status           only this status
 * @param type             only sagas of this type ({@link SagaDefinition#name()})
 * @param stuck            only stuck sagas: needing attention, or running or compensating without progress since
 *                         before {@code stuckBefore}
 * @param stuckKind        only sagas stuck this way
 * @param stuckBefore      a running or compensating saga that last progressed (changed state) before this is stuck
 * @param step             only sagas standing at this step: its command or its compensation in flight, or parked there
 * @param search           a saga id, or a top-level value of the saga's data (an order id, a customer id)
 * @param progressedBefore only sagas that last changed state before this instant
 * @param progressedAfter  only sagas that last changed state at or after this instant
 * @param definedHere      true: only sagas of a type and definition version this instance's build defines; false:
 *                         only the others (a newer or older build's, during a rolling upgrade); null: any
 * @param paused           true: only paused sagas; false: only sagas not paused; null: any. A paused saga is never
 *                         stuck for lack of progress (it was paused on purpose); one that needs attention still is.
 * @param definitionVersion only sagas running on this version of their definition (with {@code type}: the sagas a
 *                         migration from that version takes); null: any
 */
public record SagaCriteria(SagaStatus status, String type, boolean stuck, StuckKind stuckKind, Instant stuckBefore,
                           String step, String search, Instant progressedBefore, Instant progressedAfter,
                           Boolean definedHere, Boolean paused, Integer definitionVersion) {

    /** On any definition version. */
    public SagaCriteria(SagaStatus status, String type, boolean stuck, StuckKind stuckKind, Instant stuckBefore,
                        String step, String search, Instant progressedBefore, Instant progressedAfter,
                        Boolean definedHere, Boolean paused) {
        this(status, type, stuck, stuckKind, stuckBefore, step, search, progressedBefore, progressedAfter,
                definedHere, paused, null);
    }

    /** Paused or not. */
    public SagaCriteria(SagaStatus status, String type, boolean stuck, StuckKind stuckKind, Instant stuckBefore,
                        String step, String search, Instant progressedBefore, Instant progressedAfter,
                        Boolean definedHere) {
        this(status, type, stuck, stuckKind, stuckBefore, step, search, progressedBefore, progressedAfter,
                definedHere, null, null);
    }

    /** Why a saga counts as stuck. */
    public enum StuckKind {
        /** A compensation's budget was spent, or an operator's action left it there. */
        NEEDS_ATTENTION,
        /** Parked: an input could not be handled. */
        PARKED,
        /** Running or compensating, without progress since before the threshold. */
        NO_PROGRESS
    }

    /** The same criteria, only sagas of {@code type} on this version of its definition (those a migration takes). */
    public SagaCriteria onVersion(String type, int definitionVersion) {
        return new SagaCriteria(status, type, stuck, stuckKind, stuckBefore, step, search, progressedBefore,
                progressedAfter, definedHere, paused, definitionVersion);
    }

    public SagaCriteria {
        if ((stuck || stuckKind == StuckKind.NO_PROGRESS) && stuckBefore == null) {
            throw new IllegalArgumentException("stuckBefore is needed to tell sagas without progress");
        }
    }
}
