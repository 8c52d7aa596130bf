package io.sagaengine.engine;

import java.util.UUID;

/** A reply as it came off its topic, headers read, body not yet. */
record ReplyEnvelope(UUID messageId, UUID sagaId, String type, int schemaVersion, UUID causationId,
                     String traceparent, byte[] payload) {
}
