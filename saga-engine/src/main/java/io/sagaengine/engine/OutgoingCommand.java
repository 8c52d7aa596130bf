package io.sagaengine.engine;

import java.util.UUID;

/** A command a decision sends; becomes one outbox row (key and saga-id header: the saga id). */
record OutgoingCommand(UUID messageId, UUID sagaId, String topic, String type, int schemaVersion, UUID causationId,
                       String traceparent, String json) {
}
