package io.sagaengine.engine;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A saga's recorded timeline in a stable JSON form, for replaying it against a changed definition (the engine test
 * kit's {@code SagaReplayer}): what an admin API's export returns, one object per saga, or an array of them.
 * Fields are only ever added; {@link #format()} names the form ({@value #FORMAT}), and a reader refuses another.
 *
 * @param format            {@value #FORMAT}
 * @param definitionVersion the version of its definition the saga runs on
 * @param version           the saga's optimistic-lock version when it was exported
 * @param data              the saga's data when it was exported
 * @param timeline          oldest first, as {@link SagaQueries#find} reads it
 */
public record SagaTimelineExport(String format, UUID sagaId, String type, int definitionVersion, SagaStatus status,
                                 String state, String parkedState, long version, JsonNode data,
                                 List<SagaView.StepView> steps, List<TimelineEntry> timeline) {

    public static final String FORMAT = "saga-timeline/1";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<SagaTimelineExport>> LIST = new TypeReference<>() {
    };

    public SagaTimelineExport {
        Objects.requireNonNull(sagaId, "sagaId");
        steps = List.copyOf(steps);
        timeline = List.copyOf(timeline);
    }

    /** The export of a saga as {@link SagaQueries#find} read it. */
    public static SagaTimelineExport of(SagaView saga) {
        return new SagaTimelineExport(FORMAT, saga.sagaId(), saga.type(), saga.definitionVersion(), saga.status(),
                saga.state(), saga.parkedState(), saga.version(), saga.data(), saga.steps(), saga.timeline());
    }

    /** Its JSON, as the admin API's export returns it. */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /** A JSON array of exports. */
    public static String toJson(List<SagaTimelineExport> exports) {
        return JSON.writeValueAsString(exports);
    }

    /**
     * Reads one export (a JSON object) or several (an array).
     *
     * @throws IllegalArgumentException if it is not JSON of this form
     */
    public static List<SagaTimelineExport> fromJson(String json) {
        List<SagaTimelineExport> exports;
        try {
            JsonNode tree = JSON.readTree(json);
            exports = tree.isArray() ? JSON.treeToValue(tree, LIST)
                    : List.of(JSON.treeToValue(tree, SagaTimelineExport.class));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a saga timeline export: " + e.getMessage(), e);
        }
        for (SagaTimelineExport export : exports) {
            if (!FORMAT.equals(export.format())) {
                throw new IllegalArgumentException("saga " + export.sagaId() + " is exported as " + export.format()
                        + ", not " + FORMAT);
            }
        }
        return exports;
    }
}
