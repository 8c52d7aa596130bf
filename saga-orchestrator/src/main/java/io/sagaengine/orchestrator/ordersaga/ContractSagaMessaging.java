package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.ContractMessage;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.Reply;
import io.sagaengine.contracts.UnreadableMessageException;
import io.sagaengine.contracts.inventory.InventoryParticipant;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import io.sagaengine.engine.SagaMessaging;
import io.sagaengine.engine.UnreadableReplyException;

import java.util.Set;

/** The engine's messaging port on the contracts module: its catalog names, routes and writes the messages. */
final class ContractSagaMessaging implements SagaMessaging {

    private static final Set<String> REPLY_TOPICS = Set.of(PaymentParticipant.REPLY_TOPIC,
            InventoryParticipant.REPLY_TOPIC, ShippingParticipant.REPLY_TOPIC);

    private final MessageCatalog catalog;
    private final ContractJson json;

    ContractSagaMessaging(MessageCatalog catalog, ContractJson json) {
        this.catalog = catalog;
        this.json = json;
    }

    static ContractSagaMessaging standard() {
        return new ContractSagaMessaging(MessageCatalog.standard(), ContractJson.standard());
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
        if (!(message instanceof Reply)) {
            throw new UnreadableReplyException(type + " is a command, not a reply", null);
        }
        return new Decoded(message, message.requestId());
    }

    @Override
    public Set<String> replyTopics() {
        return REPLY_TOPICS;
    }
}
