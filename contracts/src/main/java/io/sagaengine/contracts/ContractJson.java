package io.sagaengine.contracts;

import io.sagaengine.contracts.UnreadableMessageException.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The JSON form of the messages of a {@link MessageCatalog}. One instance is enough for a whole service; it is thread-safe.
 *
 * <p>Readers ignore unknown fields, so a producer may add optional fields without a new schema version.
 * Every top-level field of a message is required: a missing or null one, or a null list element,
 * makes the message unreadable.
 */
public final class ContractJson {

    private static final int MAX_DETAIL_LENGTH = 300;
    private static final ContractJson STANDARD = new ContractJson(MessageCatalog.standard());

    private static final ClassValue<List<Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            return components == null ? List.of()
                    : Arrays.stream(components).map(RecordComponent::getAccessor).toList();
        }
    };

    private final MessageCatalog catalog;
    private final JsonMapper mapper;

    /** A mapping for the standard catalog; prefer the shared {@link #standard()}. */
    public ContractJson() {
        this(MessageCatalog.standard());
    }

    public ContractJson(MessageCatalog catalog) {
        this.catalog = catalog;
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
    }

    public static ContractJson standard() {
        return STANDARD;
    }

    /** The message types this mapping reads and writes. */
    public MessageCatalog catalog() {
        return catalog;
    }

    /** The configured mapper, for callers that need a tree view of a payload. Do not reconfigure it. */
    public JsonMapper mapper() {
        return mapper;
    }

    public String encode(Object message) {
        requireMessage(message);
        return mapper.writeValueAsString(message);
    }

    public byte[] encodeBytes(Object message) {
        requireMessage(message);
        return mapper.writeValueAsBytes(message);
    }

    /**
     * Reads the record named by the {@code message-type} and {@code schema-version} headers.
     *
     * @throws UnreadableMessageException for an unknown type, an unsupported version, malformed JSON
     *                                    or a missing required field
     */
    @SuppressWarnings("unchecked")
    public <T> T decode(String typeName, int schemaVersion, byte[] json) {
        MessageDescriptor descriptor = catalog.byName(typeName).orElseThrow(() ->
                new UnreadableMessageException(Problem.UNKNOWN_TYPE, "unknown message type '" + typeName + "'"));
        String name = descriptor.name();
        if (!catalog.isSupported(name, schemaVersion)) {
            throw new UnreadableMessageException(Problem.UNSUPPORTED_VERSION, "unsupported schema version "
                    + schemaVersion + " for " + name + " (supported: " + catalog.supportedVersions(name) + ")");
        }
        if (json == null || json.length == 0) {
            throw new UnreadableMessageException(Problem.MALFORMED_JSON, "malformed JSON for " + name + ": empty body");
        }
        Object message;
        try {
            message = mapper.readValue(json, descriptor.javaType());
        } catch (StreamReadException e) {
            throw new UnreadableMessageException(Problem.MALFORMED_JSON,
                    "malformed JSON for " + name + ": " + detail(e), e);
        } catch (JacksonException e) {
            throw new UnreadableMessageException(Problem.INVALID_CONTENT,
                    "invalid content for " + name + ": " + detail(e), e);
        }
        if (message == null) {
            throw new UnreadableMessageException(Problem.INVALID_CONTENT, "invalid content for " + name + ": null");
        }
        requireFields(name, message);
        return (T) message;
    }

    public <T> T decode(String typeName, int schemaVersion, String json) {
        return decode(typeName, schemaVersion, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private void requireMessage(Object message) {
        catalog.describe(message);
    }

    private static void requireFields(String name, Object message) {
        for (Method accessor : ACCESSORS.get(message.getClass())) {
            Object value;
            try {
                value = accessor.invoke(message);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + accessor, e);
            }
            if (value == null) {
                throw new UnreadableMessageException(Problem.INVALID_CONTENT,
                        "missing required field '" + accessor.getName() + "' in " + name);
            }
            if (value instanceof Collection<?> elements && elements.contains(null)) {
                throw new UnreadableMessageException(Problem.INVALID_CONTENT,
                        "null element in field '" + accessor.getName() + "' of " + name);
            }
        }
    }

    private static String detail(JacksonException e) {
        String detail = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip();
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH) + "...";
        }
        String path = path(e);
        return path.isEmpty() ? detail : detail + " (at " + path + ")";
    }

    /** The JSON path of the failing value, e.g. {@code lines[0].quantity}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
