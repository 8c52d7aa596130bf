package io.sagaengine.contracts.order;

import io.sagaengine.contracts.UnreadableMessageException;
import io.sagaengine.contracts.UnreadableMessageException.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/**
 * The JSON form of {@link OrderStatusChanged}, written by the orchestrator and read by consumers as a tolerant
 * reader: fields it does not know are ignored and a status it does not know reads as
 * {@link OrderStatusChanged.Status#UNKNOWN}, so a consumer built for an older payload version keeps working. Thread-safe.
 */
public final class OrderEventJson {

    private static final int MAX_DETAIL_LENGTH = 300;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private OrderEventJson() {
    }

    public static String encode(OrderStatusChanged event) {
        return MAPPER.writeValueAsString(event);
    }

    /**
     * Reads an event's payload (the {@code schema-version} header is the caller's to check first).
     *
     * @throws UnreadableMessageException for malformed JSON or a missing or invalid required field
     */
    public static OrderStatusChanged decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new UnreadableMessageException(Problem.MALFORMED_JSON,
                    "malformed JSON for " + OrderStatusChanged.TYPE + ": empty body");
        }
        OrderStatusChanged event;
        try {
            event = MAPPER.readValue(json, OrderStatusChanged.class);
        } catch (StreamReadException e) {
            throw new UnreadableMessageException(Problem.MALFORMED_JSON,
                    "malformed JSON for " + OrderStatusChanged.TYPE + ": " + detail(e), e);
        } catch (JacksonException e) {
            throw new UnreadableMessageException(Problem.INVALID_CONTENT,
                    "invalid content for " + OrderStatusChanged.TYPE + ": " + detail(e), e);
        }
        if (event == null) {
            throw new UnreadableMessageException(Problem.INVALID_CONTENT,
                    "invalid content for " + OrderStatusChanged.TYPE + ": null");
        }
        return event;
    }

    public static OrderStatusChanged decode(String json) {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static String detail(JacksonException e) {
        String detail = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip();
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH) + "...";
        }
        String field = e.getPath().stream().map(JacksonException.Reference::getPropertyName)
                .filter(name -> name != null).reduce((first, last) -> last).orElse(null);
        return field == null ? detail : detail + " (at " + field + ")";
    }
}
