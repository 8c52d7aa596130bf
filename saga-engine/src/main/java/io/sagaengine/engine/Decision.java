package io.sagaengine.engine;

import java.util.List;

/**
 * What one input does to one saga, computed without side effects; the engine writes it in one transaction:
 * the saga row ({@code after}, checked against {@code before}'s version), the history, the outbox rows, and the
 * status-change notifications.
 *
 * @param before the saga as read; null when {@code after} is a new saga
 * @param after  the saga to write; null when nothing is written
 */
record Decision(Verdict verdict, SagaRecord before, SagaRecord after, List<HistoryEntry> history,
                List<OutgoingCommand> commands, List<SagaStatusChange> statusChanges) {

    enum Verdict {
        /** The input moved the saga (or re-sent its command). */
        APPLIED,
        /** The input was recorded and changed nothing else (a late or duplicate reply). */
        IGNORED,
        /** The input cannot apply to the saga: it was kept and the saga parked as NEEDS_ATTENTION. */
        PARKED,
        /** An operator action that does not apply to the saga's state; nothing is written. */
        REJECTED,
        /** Nothing to do (a deadline that is not due); nothing is written. */
        NOTHING
    }

    Decision {
        history = List.copyOf(history);
        commands = List.copyOf(commands);
        statusChanges = List.copyOf(statusChanges);
    }

    static Decision none(Verdict verdict, SagaRecord saga) {
        return new Decision(verdict, saga, null, List.of(), List.of(), List.of());
    }
}
