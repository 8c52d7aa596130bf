package io.sagaengine.contracts;

/** A message the orchestrator sends to a participant's command topic. */
public interface Command extends ContractMessage {
}
