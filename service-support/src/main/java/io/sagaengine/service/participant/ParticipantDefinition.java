package io.sagaengine.service.participant;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.MessageKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a participant service is: its name, the topic it reads commands from, the topic it answers on and a handler
 * per command type. Declare one as a bean and the service-support auto-configuration consumes the command topic,
 * deduplicates, runs the handler and publishes its reply through the outbox.
 *
 * <pre>{@code
 * @Bean
 * ParticipantDefinition payment(PaymentService payments) {
 *     return ParticipantDefinition.builder(PaymentParticipant.NAME, PaymentParticipant.COMMAND_TOPIC,
 *                     PaymentParticipant.REPLY_TOPIC)
 *             .on(ChargePayment.class, payments::charge)
 *             .on(RefundPayment.class, payments::refund)
 *             .build();
 * }
 * }</pre>
 */
public final class ParticipantDefinition {

    private final String name;
    private final String commandTopic;
    private final String replyTopic;
    private final Map<Class<? extends Command>, CommandHandler<? extends Command>> handlers;

    private ParticipantDefinition(Builder builder) {
        this.name = builder.name;
        this.commandTopic = builder.commandTopic;
        this.replyTopic = builder.replyTopic;
        this.handlers = Map.copyOf(builder.handlers);
    }

    /** A participant of messages registered on the classpath ({@link MessageCatalog#discovered()}). */
    public static Builder builder(String name, String commandTopic, String replyTopic) {
        return builder(MessageCatalog.discovered(), name, commandTopic, replyTopic);
    }

    /** A participant of the messages of {@code catalog}. */
    public static Builder builder(MessageCatalog catalog, String name, String commandTopic, String replyTopic) {
        return new Builder(catalog, name, commandTopic, replyTopic);
    }

    public String name() {
        return name;
    }

    /** The inbox consumer name and default Kafka consumer group: {@code <name>-participant}. */
    public String consumerName() {
        return name + "-participant";
    }

    public String commandTopic() {
        return commandTopic;
    }

    public String replyTopic() {
        return replyTopic;
    }

    @SuppressWarnings("unchecked")
    public <C extends Command> Optional<CommandHandler<C>> handlerFor(Class<C> type) {
        return Optional.ofNullable((CommandHandler<C>) handlers.get(type));
    }

    public static final class Builder {
        private final MessageCatalog catalog;
        private final String name;
        private final String commandTopic;
        private final String replyTopic;
        private final Map<Class<? extends Command>, CommandHandler<? extends Command>> handlers = new LinkedHashMap<>();

        private Builder(MessageCatalog catalog, String name, String commandTopic, String replyTopic) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.name = requireText(name, "name");
            this.commandTopic = requireText(commandTopic, "commandTopic");
            this.replyTopic = requireText(replyTopic, "replyTopic");
        }

        /** @throws IllegalArgumentException if {@code type} is not a command of this participant's command topic */
        public <C extends Command> Builder on(Class<C> type, CommandHandler<C> handler) {
            MessageDescriptor descriptor = catalog.describe(type);
            if (descriptor.kind() != MessageKind.COMMAND || !descriptor.topic().equals(commandTopic)) {
                throw new IllegalArgumentException(descriptor.name() + " is not a command of topic " + commandTopic);
            }
            if (handlers.putIfAbsent(type, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException("a handler for " + descriptor.name() + " is already registered");
            }
            return this;
        }

        /** @throws IllegalStateException if a command type of the command topic has no handler */
        public ParticipantDefinition build() {
            for (MessageDescriptor d : catalog.onTopic(commandTopic)) {
                if (d.kind() == MessageKind.COMMAND && !handlers.containsKey(d.javaType())) {
                    throw new IllegalStateException("no handler for " + d.name() + " of topic " + commandTopic);
                }
            }
            return new ParticipantDefinition(this);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }
    }
}
