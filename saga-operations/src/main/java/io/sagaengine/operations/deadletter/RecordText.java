package io.sagaengine.operations.deadletter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** Shows a dead letter's headers and payload as bounded text for people. */
final class RecordText {

    /** How a payload is shown. */
    enum Encoding { JSON, TEXT, BASE64 }

    /**
     * @param text      JSON pretty-printed, other UTF-8 as it is, anything else in base64; cut at the bound
     * @param bytes     the payload's size
     * @param truncated whether {@code text} was cut
     */
    record Payload(String text, Encoding encoding, int bytes, boolean truncated) {
    }

    static final int MAX_PAYLOAD_CHARS = 16_384;
    static final int MAX_HEADER_CHARS = 2_000;
    static final int STACK_TRACE_LINES = 6;
    static final String STACK_TRACE = "kafka_dlt-exception-stacktrace";

    /** Numbers Spring Kafka's dead-letter publisher writes as big-endian binary, not text. */
    private static final Set<String> BINARY_NUMBERS = Set.of("kafka_dlt-original-partition",
            "kafka_dlt-original-offset", "kafka_dlt-original-timestamp");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordText() {
    }

    static Payload payload(byte[] value) {
        if (value == null) {
            return new Payload(null, Encoding.TEXT, 0, false);
        }
        String text = utf8(value);
        if (text == null) {
            return bounded(Base64.getEncoder().encodeToString(value), Encoding.BASE64, value.length);
        }
        if (value.length <= MAX_PAYLOAD_CHARS) {
            try {
                JsonNode json = JSON.readTree(text);
                if (json != null && (json.isObject() || json.isArray())) {
                    return bounded(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json), Encoding.JSON,
                            value.length);
                }
            } catch (JacksonException e) {
                // not JSON: shown as it is
            }
        }
        return bounded(text, Encoding.TEXT, value.length);
    }

    /** A header's value as text: known binary numbers as numbers, the stack trace shortened, the rest bounded. */
    static String header(String name, byte[] value) {
        if (value == null) {
            return null;
        }
        if (BINARY_NUMBERS.contains(name) && (value.length == Integer.BYTES || value.length == Long.BYTES)) {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            return String.valueOf(value.length == Integer.BYTES ? buffer.getInt() : buffer.getLong());
        }
        String text = utf8(value);
        if (text == null) {
            return "base64:" + Base64.getEncoder().encodeToString(value);
        }
        if (STACK_TRACE.equals(name)) {
            text = firstLines(text, STACK_TRACE_LINES);
        }
        return text.length() <= MAX_HEADER_CHARS ? text : text.substring(0, MAX_HEADER_CHARS) + "...";
    }

    private static String firstLines(String text, int lines) {
        String[] all = text.split("\\R");
        if (all.length <= lines) {
            return text;
        }
        return String.join("\n", java.util.Arrays.copyOf(all, lines)) + "\n... " + (all.length - lines)
                + " more lines";
    }

    private static Payload bounded(String text, Encoding encoding, int bytes) {
        boolean truncated = text.length() > MAX_PAYLOAD_CHARS;
        return new Payload(truncated ? text.substring(0, MAX_PAYLOAD_CHARS) : text, encoding, bytes, truncated);
    }

    /** The bytes as UTF-8, or null when they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
