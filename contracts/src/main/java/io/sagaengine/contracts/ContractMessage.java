package io.sagaengine.contracts;

import java.util.UUID;

/**
 * A command or a reply exchanged between a saga and a participant. Which types exist, and where each goes, is
 * registered per module with a {@link MessageSet}; this interface knows no business of its own.
 *
 * <p>{@code requestId} is the step's idempotency key: a re-sent command keeps it, its reply echoes it,
 * and a compensation carries the same requestId as the forward command it undoes.
 */
public interface ContractMessage {

    UUID requestId();

    /**
     * The business entity the message is about (an order id, a trip id): participants record each requestId under
     * it, so their views can list what happened to one entity. Derived from the message's own fields; it is not
     * written to the JSON body.
     */
    String businessKey();

    /** The {@code message-type} header value: the record's simple class name, e.g. {@code ChargePayment}. */
    default String messageType() {
        return getClass().getSimpleName();
    }
}
