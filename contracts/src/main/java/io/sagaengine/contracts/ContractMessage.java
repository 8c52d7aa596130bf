package io.sagaengine.contracts;

import java.util.UUID;

/**
 * A command or a reply exchanged between the orchestrator and a participant.
 *
 * <p>{@code requestId} is the step's idempotency key: a re-sent command keeps it, its reply echoes it,
 * and a compensation carries the same requestId as the forward command it undoes.
 */
public interface ContractMessage {

    UUID requestId();

    String orderId();

    /** Type name, schema version, kind and topic of this message, from {@link MessageCatalog#standard()}. */
    default MessageDescriptor descriptor() {
        return MessageCatalog.standard().describe(getClass());
    }

    /** The {@code message-type} header value, e.g. {@code ChargePayment}. */
    default String messageType() {
        return descriptor().name();
    }
}
