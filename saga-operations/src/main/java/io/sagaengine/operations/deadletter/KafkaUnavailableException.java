package io.sagaengine.operations.deadletter;

/** Kafka did not answer in time, or refused; the message says what was asked. */
final class KafkaUnavailableException extends RuntimeException {

    KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
