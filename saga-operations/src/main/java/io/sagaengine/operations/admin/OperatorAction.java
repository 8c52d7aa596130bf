package io.sagaengine.operations.admin;

import com.fasterxml.jackson.annotation.JsonValue;
import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaOperations;

import java.util.Locale;
import java.util.UUID;

/** What an operator can do to a saga, alone or in bulk; written in JSON (and in paths) as its lower-case name. */
enum OperatorAction {
    RETRY,
    COMPENSATE,
    RESUME,
    /** Hold the saga where it is: nothing sent, no deadline fired, replies kept until it is unpaused. */
    PAUSE,
    /** Lift a pause: the kept replies are applied, oldest first, and the saga goes on. */
    UNPAUSE;

    @JsonValue
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action as the subject of a sentence: "A retry", "An unpause". */
    String asSubject() {
        return (label().startsWith("u") ? "An " : "A ") + label();
    }

    OperatorResult apply(SagaOperations operations, UUID sagaId, long expectedVersion, String actor, String reason) {
        return switch (this) {
            case RETRY -> operations.retry(sagaId, expectedVersion, actor, reason);
            case COMPENSATE -> operations.compensate(sagaId, expectedVersion, actor, reason);
            case RESUME -> operations.resume(sagaId, expectedVersion, actor, reason);
            case PAUSE -> operations.pause(sagaId, expectedVersion, actor, reason);
            case UNPAUSE -> operations.unpause(sagaId, expectedVersion, actor, reason);
        };
    }
}
