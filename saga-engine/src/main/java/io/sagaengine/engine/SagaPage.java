package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One page of sagas; {@code nextCursor} is null on the last page. */
public record SagaPage(List<Summary> items, String nextCursor) {

    /**
     * A saga without its steps, data and timeline.
     *
     * @param parkedBy while NEEDS_ATTENTION: the event that put it there, {@link SagaEvent#COMPENSATION_FAILED}
     *                 (a compensation's budget was spent) or {@link SagaEvent#PARK} (an input could not be
     *                 handled); null otherwise
     */
    public record Summary(UUID sagaId, String type, SagaStatus status, String state, String parkedState,
                          String outcome, long version, Instant startedAt, Instant updatedAt, Instant progressedAt,
                          Instant deadlineAt, String lastError, SagaEvent parkedBy) {
    }
}
