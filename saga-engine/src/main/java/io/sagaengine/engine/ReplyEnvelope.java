package io.sagaengine.engine;

import java.time.Instant;
import java.util.UUID;

/**
 * A reply as it came off its topic, headers read, body not yet.
 *
 * @param sentAt when the reply was put on its topic (the record's timestamp); null when unknown
 */
record ReplyEnvelope(UUID messageId, UUID sagaId, String type, int schemaVersion, UUID causationId,
                     String traceparent, byte[] payload, Instant sentAt) {

    /** A reply whose send time is unknown. */
    ReplyEnvelope(UUID messageId, UUID sagaId, String type, int schemaVersion, UUID causationId, String traceparent,
                  byte[] payload) {
        this(messageId, sagaId, type, schemaVersion, causationId, traceparent, payload, null);
    }
}
