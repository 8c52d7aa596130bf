package io.sagaengine.engine;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code saga_history} to write; {@code payload} is JSON or null. */
record HistoryEntry(
        UUID sagaId,
        Instant at,
        TimelineEntry.Kind kind,
        String step,
        String fromState,
        String toState,
        String event,
        UUID messageId,
        String messageType,
        UUID causationId,
        UUID requestId,
        String payload,
        String actor,
        String reason) {

    static HistoryEntry transition(UUID sagaId, Instant at, String from, String to, SagaEvent event, String reason) {
        return new HistoryEntry(sagaId, at, TimelineEntry.Kind.TRANSITION, null, from, to, event.name(), null, null,
                null, null, null, null, reason);
    }

    static HistoryEntry message(UUID sagaId, Instant at, TimelineEntry.Kind kind, String step, UUID messageId,
                                String type, UUID causationId, UUID requestId, String payload, String reason) {
        return new HistoryEntry(sagaId, at, kind, step, null, null, null, messageId, type, causationId, requestId,
                payload, null, reason);
    }

    static HistoryEntry note(UUID sagaId, Instant at, TimelineEntry.Kind kind, String step, String reason) {
        return new HistoryEntry(sagaId, at, kind, step, null, null, null, null, null, null, null, null, null, reason);
    }

    static HistoryEntry operator(UUID sagaId, Instant at, SagaEvent action, String actor, String reason) {
        return new HistoryEntry(sagaId, at, TimelineEntry.Kind.OPERATOR_ACTION, null, null, null, action.name(), null,
                null, null, null, null, actor, reason);
    }

    /** This entry as the timeline shows it, numbered {@code sequence}. */
    TimelineEntry toTimeline(long sequence, SagaJson json) {
        return new TimelineEntry(sequence, at, kind, step, fromState, toState, event, messageId, messageType,
                causationId, requestId, json.tree(payload), actor, reason);
    }
}
