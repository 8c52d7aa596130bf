package io.sagaengine.contracts.common;

import io.sagaengine.contracts.ContractMessage;

/** A message of the order flow: its business key is the order id it carries. */
public interface OrderMessage extends ContractMessage {

    String orderId();

    @Override
    default String businessKey() {
        return orderId();
    }
}
