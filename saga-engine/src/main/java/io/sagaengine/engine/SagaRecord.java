package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A saga as persisted: one row of {@code saga_instance}. {@code data} is JSON.
 *
 * @param definitionVersion the version of its definition it runs on: the one it started on, or the one an operator
 *                          migrated it to
 * @param pausedAt         when it was paused; null unless paused
 * @param pausedDeadlineAt while paused: the deadline it had when it was paused (what is left of it is given back
 *                         on unpause); null when it had none or its retries ran out
 * @param traceparent      the W3C trace context of its start, the parent of transitions no message brings (a deadline,
 *                         an operator's action); null when it started untraced
 */
record SagaRecord(
        UUID id,
        String type,
        int definitionVersion,
        SagaStatus status,
        String state,
        String parkedState,
        String data,
        List<StepRecord> steps,
        String outcome,
        long version,
        Instant deadlineAt,
        Instant startedAt,
        Instant updatedAt,
        Instant progressedAt,
        String lastError,
        Instant pausedAt,
        Instant pausedDeadlineAt,
        String traceparent) {

    SagaRecord {
        steps = List.copyOf(steps);
    }

    /** This saga with {@code steps}, as a read of its JSON column gives them back. */
    SagaRecord withSteps(List<StepRecord> steps) {
        return new SagaRecord(id, type, definitionVersion, status, state, parkedState, data, steps, outcome, version,
                deadlineAt, startedAt, updatedAt, progressedAt, lastError, pausedAt, pausedDeadlineAt, traceparent);
    }

    /** This saga with {@code traceparent} as the trace context of its start. */
    SagaRecord withTraceparent(String traceparent) {
        return new SagaRecord(id, type, definitionVersion, status, state, parkedState, data, steps, outcome, version,
                deadlineAt, startedAt, updatedAt, progressedAt, lastError, pausedAt, pausedDeadlineAt, traceparent);
    }

    boolean paused() {
        return pausedAt != null;
    }

    /** The state whose transitions apply: the parked state while NEEDS_ATTENTION. */
    String effectiveState() {
        return status == SagaStatus.NEEDS_ATTENTION && parkedState != null ? parkedState : state;
    }

    /** Its saga type and definition version. */
    SagaVersion definition() {
        return new SagaVersion(type, definitionVersion);
    }
}
