package io.sagaengine.service.participant.requests;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outcomes as JSON in the {@code outcome} column. Unknown fields are ignored, so an outcome type may gain or lose a
 * field without breaking the rows recorded before; amounts are written as plain decimals.
 */
final class OutcomeJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private OutcomeJson() {
    }

    static String write(Object outcome) {
        return MAPPER.writeValueAsString(outcome);
    }

    static <O> O read(String json, Class<O> type) {
        return MAPPER.readValue(json, type);
    }
}
