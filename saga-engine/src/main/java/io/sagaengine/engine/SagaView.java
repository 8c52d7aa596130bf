package io.sagaengine.engine;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A saga as stored, for reading.
 *
 * @param state       the state machine's state: a step name, {@code <step>.compensating}, {@code COMPLETED},
 *                    {@code COMPENSATED} or {@code NEEDS_ATTENTION}
 * @param parkedState while NEEDS_ATTENTION: the state it was parked in (where retry and resume go back to)
 * @param version     the optimistic-lock version; bumped by every input the saga records
 * @param deadlineAt  when the command in flight is re-sent or given up; null when nothing waits
 * @param outcome     why it did not complete; null while no step failed
 * @param progressedAt when it last changed state (re-sends and ignored replies are no progress)
 * @param lastError   why it was parked, or the last failure it recorded
 * @param timeline    oldest first
 * @param definitionVersion the version of its definition the saga runs on: the one it started on, or the one an
 *                    operator migrated it to
 * @param definedHere whether this instance's build defines the saga's type in that version; a saga it does not
 *                    define moves only where an instance whose build does runs (it fires its deadlines, applies the
 *                    replies held for it, and takes operator actions on it)
 * @param pausedAt    when it was paused; null unless it is paused (its status and state are where it stopped)
 */
public record SagaView(
        UUID sagaId,
        String type,
        SagaStatus status,
        String state,
        List<StepView> steps,
        Instant startedAt,
        Instant updatedAt,
        long version,
        JsonNode data,
        Instant deadlineAt,
        String parkedState,
        String outcome,
        Instant progressedAt,
        String lastError,
        List<TimelineEntry> timeline,
        int definitionVersion,
        boolean definedHere,
        Instant pausedAt) {

    /** A saga of its definition's first version, defined here, not paused. */
    public SagaView(UUID sagaId, String type, SagaStatus status, String state, List<StepView> steps, Instant startedAt,
                    Instant updatedAt, long version, JsonNode data, Instant deadlineAt, String parkedState,
                    String outcome, Instant progressedAt, String lastError, List<TimelineEntry> timeline) {
        this(sagaId, type, status, state, steps, startedAt, updatedAt, version, data, deadlineAt, parkedState, outcome,
                progressedAt, lastError, timeline, SagaDefinition.FIRST_VERSION, true, null);
    }

    public boolean paused() {
        return pausedAt != null;
    }

    /**
     * @param attempts             sends in the step's current phase: the compensation's once it is compensating
     *                             (or compensated, or failed to be), the forward command's before
     * @param requestId            the step's idempotency key, shared by its command and its compensation; null
     *                             while PENDING
     * @param forwardAttempts      sends of the forward command
     * @param compensationAttempts sends of the compensation
     * @param detail               why it failed, timed out or was given up
     */
    public record StepView(String name, StepStatus status, int attempts, UUID requestId, int forwardAttempts,
                           int compensationAttempts, String detail) {
    }
}
