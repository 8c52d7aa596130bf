package io.sagaengine.testsupport.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The headers every saga message carries, for records a test sends itself; a null value leaves the header out. */
public final class SagaHeaders {

    public static final String MESSAGE_ID = "message-id";
    public static final String MESSAGE_TYPE = "message-type";
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String SAGA_ID = "saga-id";
    public static final String CAUSATION_ID = "causation-id";
    public static final String TRACEPARENT = "traceparent";
    public static final String DLT_REASON = "dlt-reason";

    private SagaHeaders() {
    }

    /** Headers of a command as the orchestrator sends it. */
    public static Map<String, String> command(UUID messageId, String type, int schemaVersion, String sagaId,
                                              String traceparent) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(MESSAGE_ID, messageId == null ? null : messageId.toString());
        headers.put(MESSAGE_TYPE, type);
        headers.put(SCHEMA_VERSION, String.valueOf(schemaVersion));
        headers.put(SAGA_ID, sagaId);
        headers.put(TRACEPARENT, traceparent);
        return headers;
    }

    /** A fresh, valid W3C traceparent. */
    public static String newTraceparent() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        String span = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return "00-" + trace + "-" + span + "-01";
    }
}
