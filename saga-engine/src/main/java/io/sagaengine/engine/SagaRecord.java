package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A saga as persisted: one row of {@code saga_instance}. {@code data} is JSON.
 *
 * @param definitionVersion the version of its definition it runs on: the one it started on, or the one an operator
 *                          migrated it to
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
        String lastError) {

    SagaRecord {
        steps = List.copyOf(steps);
    }

    /** This saga with {@code steps}, as a read of its JSON column gives them back. */
    SagaRecord withSteps(List<StepRecord> steps) {
        return new SagaRecord(id, type, definitionVersion, status, state, parkedState, data, steps, outcome, version,
                deadlineAt, startedAt, updatedAt, progressedAt, lastError);
    }

    /** A saga of its definition's first version. */
    SagaRecord(UUID id, String type, SagaStatus status, String state, String parkedState, String data,
               List<StepRecord> steps, String outcome, long version, Instant deadlineAt, Instant startedAt,
               Instant updatedAt, Instant progressedAt, String lastError) {
        this(id, type, SagaDefinition.FIRST_VERSION, status, state, parkedState, data, steps, outcome, version,
                deadlineAt, startedAt, updatedAt, progressedAt, lastError);
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
