package io.sagaengine.contracts;

/** A message a participant sends back on its reply topic, echoing the command's requestId. */
public interface Reply extends ContractMessage {
}
