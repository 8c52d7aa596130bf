package io.sagaengine.outbox;

/**
 * A record that can never be processed, whatever the number of attempts (bad bytes, bad JSON, unknown type
 * or schema version). It goes straight to the dead-letter topic with this message as the reason.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason) {
        super(reason);
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
