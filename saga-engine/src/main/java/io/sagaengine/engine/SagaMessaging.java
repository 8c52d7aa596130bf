package io.sagaengine.engine;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The engine's port to the message contract: where a command goes, what it is called and how it is written,
 * and how a reply is read. The engine knows no message types of its own.
 */
public interface SagaMessaging {

    /**
     * Describes a message a saga definition built: its topic, type name, schema version and JSON body.
     *
     * @throws IllegalArgumentException if {@code message} is not part of the contract
     */
    Envelope describe(Object message);

    /**
     * Reads a message by the type name and schema version of its headers.
     *
     * @throws UnreadableReplyException if it can never be read (unknown type or version, bad JSON): the record
     *                                  belongs in the dead-letter topic
     */
    Decoded decode(String type, int schemaVersion, byte[] payload);

    /** The topics replies arrive on. */
    Set<String> replyTopics();

    /** A message ready for the outbox. */
    record Envelope(String topic, String type, int schemaVersion, String json) {
        public Envelope {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(json, "json");
        }
    }

    /** A message read back, with the requestId it carries (the step's idempotency key). */
    record Decoded(Object message, UUID requestId) {
        public Decoded {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(requestId, "requestId");
        }
    }
}
