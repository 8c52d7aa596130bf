package io.sagaengine.contracts;

import java.util.Objects;

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

    /** The schema version every message is written with today. */
    public static final int CURRENT_VERSION = 1;

    public MessageDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(javaType, "javaType");
        if (compensation && kind != MessageKind.COMMAND) {
            throw new IllegalArgumentException(name + ": only a command can be a compensation");
        }
    }

    /** A forward command sent to {@code topic}. */
    public static MessageDescriptor command(Class<? extends Command> type, String topic) {
        return new MessageDescriptor(type.getSimpleName(), CURRENT_VERSION, MessageKind.COMMAND, topic, type, false);
    }

    /** A command that undoes a forward command of the same topic, carrying its requestId. */
    public static MessageDescriptor compensation(Class<? extends Command> type, String topic) {
        return new MessageDescriptor(type.getSimpleName(), CURRENT_VERSION, MessageKind.COMMAND, topic, type, true);
    }

    /** A reply a participant sends on {@code topic}. */
    public static MessageDescriptor reply(Class<? extends Reply> type, String topic) {
        return new MessageDescriptor(type.getSimpleName(), CURRENT_VERSION, MessageKind.REPLY, topic, type, false);
    }
}
