package io.sagaengine.engine;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The JSON the engine stores: saga data (any record or bean of the definition's data type) and steps.
 * Unknown fields are ignored when reading, so data types can grow fields while sagas are in flight.
 */
final class SagaJson {

    private static final TypeReference<List<StepRecord>> STEPS = new TypeReference<>() {
    };

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    <D> D read(String json, Class<D> type) {
        return mapper.readValue(json, type);
    }

    String writeSteps(List<StepRecord> steps) {
        return mapper.writeValueAsString(steps);
    }

    List<StepRecord> readSteps(String json) {
        return mapper.readValue(json, STEPS);
    }

    /** The {@code commands} column of a history row; null when it carries none. */
    String writeCommands(List<HistoryRow.Command> commands) {
        return commands.isEmpty() ? null : mapper.writeValueAsString(commands);
    }

    JsonNode tree(String json) {
        return json == null ? null : mapper.readTree(json);
    }
}
