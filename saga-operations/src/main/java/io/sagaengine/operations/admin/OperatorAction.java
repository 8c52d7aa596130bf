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
    RESUME;

    @JsonValue
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    OperatorResult apply(SagaOperations operations, UUID sagaId, long expectedVersion, String actor, String reason) {
        return switch (this) {
            case RETRY -> operations.retry(sagaId, expectedVersion, actor, reason);
            case COMPENSATE -> operations.compensate(sagaId, expectedVersion, actor, reason);
            case RESUME -> operations.resume(sagaId, expectedVersion, actor, reason);
        };
    }
}
