package io.sagaengine.engine;

/** A reply that can never be read, however often it is retried; it goes to the dead-letter topic. */
public class UnreadableReplyException extends RuntimeException {

    public UnreadableReplyException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
