package io.sagaengine.engine.test;

import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaTimelineExport;

import java.util.UUID;

/**
 * What replaying one saga's recorded timeline against a definition found.
 *
 * @param state  the state the saga was in when it was exported
 * @param detail where the definition parts from what was recorded, or why the saga was not replayed; null when it
 *               can continue
 */
public record ReplayResult(UUID sagaId, String type, int definitionVersion, SagaStatus status, String state,
                           Verdict verdict, String detail) {

    public enum Verdict {
        /** The definition does what was recorded and reaches the state the saga is in: it can continue the saga. */
        CAN_CONTINUE,
        /** The definition does something else, or has no such state: it cannot continue the saga. */
        CANNOT_CONTINUE,
        /** Completed or compensated: nothing is left to continue. */
        FINISHED,
        /** A saga of another type. */
        OTHER_TYPE,
        /** Its timeline cannot be replayed (migrated between versions, or purged in part): see detail. */
        NOT_REPLAYED
    }

    static ReplayResult of(SagaTimelineExport saga, Verdict verdict, String detail) {
        return new ReplayResult(saga.sagaId(), saga.type(), saga.definitionVersion(), saga.status(), saga.state(),
                verdict, detail);
    }

    @Override
    public String toString() {
        return "saga " + sagaId + " (" + type + " v" + definitionVersion + ", " + status + " in " + state + "): "
                + verdict + (detail == null ? "" : ", " + detail);
    }
}
