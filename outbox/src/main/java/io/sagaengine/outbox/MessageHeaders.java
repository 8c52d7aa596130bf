package io.sagaengine.outbox;

/** The Kafka record headers every message carries. */
public final class MessageHeaders {

    /** UUID, the dedup key. */
    public static final String MESSAGE_ID = "message-id";
    /** e.g. {@code ChargePayment}. */
    public static final String MESSAGE_TYPE = "message-type";
    /** integer. */
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String SAGA_ID = "saga-id";
    /** On a reply: the message id of the command it answers. */
    public static final String CAUSATION_ID = "causation-id";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";
    /** On a dead letter: why it could not be processed. */
    public static final String DLT_REASON = "dlt-reason";

    private MessageHeaders() {
    }
}
