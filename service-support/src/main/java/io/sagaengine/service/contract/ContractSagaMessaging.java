package io.sagaengine.service.contract;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.ContractMessage;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.MessageKind;
import io.sagaengine.contracts.UnreadableMessageException;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaMessaging;
import io.sagaengine.engine.UnreadableReplyException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The saga engine's messaging port on the contracts module: the catalog names, routes and writes the messages, and
 * the reply topics are those of the replies the saga definitions wait for.
 */
public final class ContractSagaMessaging implements SagaMessaging {

    private final MessageCatalog catalog;
    private final ContractJson json;
    private final Set<String> replyTopics;

    private ContractSagaMessaging(ContractJson json, Collection<? extends SagaDefinition<?>> sagas) {
        this.catalog = json.catalog();
        this.json = json;
        this.replyTopics = replyTopics(catalog, sagas);
    }

    /**
     * @throws IllegalArgumentException if a saga waits for a reply {@code json}'s catalog does not hold as a reply
     */
    public static ContractSagaMessaging of(ContractJson json, Collection<? extends SagaDefinition<?>> sagas) {
        return new ContractSagaMessaging(json, sagas);
    }

    public static ContractSagaMessaging of(MessageCatalog catalog, SagaDefinition<?>... sagas) {
        return new ContractSagaMessaging(new ContractJson(catalog), List.of(sagas));
    }

    @Override
    public Envelope describe(Object message) {
        MessageDescriptor descriptor = catalog.describe(message);
        return new Envelope(descriptor.topic(), descriptor.name(), descriptor.schemaVersion(), json.encode(message));
    }

    @Override
    public Decoded decode(String type, int schemaVersion, byte[] payload) {
        ContractMessage message;
        try {
            message = json.decode(type, schemaVersion, payload);
        } catch (UnreadableMessageException e) {
            throw new UnreadableReplyException(e.reason(), e);
        }
        if (catalog.describe(message).kind() != MessageKind.REPLY) {
            throw new UnreadableReplyException(type + " is a command, not a reply", null);
        }
        return new Decoded(message, message.requestId());
    }

    @Override
    public Set<String> replyTopics() {
        return replyTopics;
    }

    private static Set<String> replyTopics(MessageCatalog catalog, Collection<? extends SagaDefinition<?>> sagas) {
        Set<String> topics = new LinkedHashSet<>();
        for (SagaDefinition<?> saga : sagas) {
            for (Class<?> type : saga.replyTypes()) {
                if (!catalog.contains(type) || catalog.describe(type).kind() != MessageKind.REPLY) {
                    throw new IllegalArgumentException("saga " + saga.name() + " waits for " + type.getName()
                            + ", which no registered MessageSet declares as a reply");
                }
                topics.add(catalog.describe(type).topic());
            }
        }
        return Set.copyOf(topics);
    }
}
