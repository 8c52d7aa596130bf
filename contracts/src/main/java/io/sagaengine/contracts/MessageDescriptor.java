package io.sagaengine.contracts;

/**
 * Metadata of one message type.
 *
 * @param name          the {@code message-type} header value (the record's simple class name)
 * @param schemaVersion the version producers write in the {@code schema-version} header
 * @param kind          command or reply
 * @param topic         the topic the message is published to
 * @param javaType      the record class
 * @param compensation  true for commands that undo a forward command
 */
public record MessageDescriptor(
        String name,
        int schemaVersion,
        MessageKind kind,
        String topic,
        Class<? extends ContractMessage> javaType,
        boolean compensation) {
}
