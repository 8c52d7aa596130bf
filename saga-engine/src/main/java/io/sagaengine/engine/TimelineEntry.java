package io.sagaengine.engine;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a saga's timeline. Which fields are set depends on the kind: transitions have
 * from/to/event; messages have messageId/messageType/payload (and causationId, requestId, step); operator
 * actions have actor/reason/event; ignored, unmatched and failed replies say why in reason.
 *
 * @param sequence increases along the timeline and stays the same between reads; numbers may be skipped
 */
public record TimelineEntry(
        long sequence,
        Instant at,
        Kind kind,
        String step,
        String fromState,
        String toState,
        String event,
        UUID messageId,
        String messageType,
        UUID causationId,
        UUID requestId,
        JsonNode payload,
        String actor,
        String reason) {

    public enum Kind {
        /** The state machine moved (or an operator action re-armed the state it is in). */
        TRANSITION,
        COMMAND_SENT,
        /** A reply that moved the saga. */
        REPLY_RECEIVED,
        /** A late, duplicate or unexpected reply: recorded, nothing changed. */
        REPLY_IGNORED,
        /** A reply for a saga id the engine does not know. */
        REPLY_UNMATCHED,
        /** A reply whose handling kept failing: the saga was parked with the reply kept here. */
        REPLY_FAILED,
        /**
         * A reply read by an instance whose build does not define the saga's type (a rolling upgrade): kept until an
         * instance that defines the type applies it, which records it again as received, ignored or failed.
         */
        REPLY_HELD,
        /** The deadline of the command in flight passed. */
        DEADLINE_PASSED,
        OPERATOR_ACTION
    }
}
