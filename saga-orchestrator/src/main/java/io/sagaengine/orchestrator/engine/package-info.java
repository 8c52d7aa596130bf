/**
 * A generic, orchestrated saga engine.
 *
 * <p>A {@link io.sagaengine.orchestrator.engine.SagaDefinition} lists steps; each has a command, a success reply, failure
 * replies (each naming the saga's outcome), optionally a compensation with its reply, a deadline and retry policies.
 * The definition is compiled into a Spring Statemachine used only as a transition table. Its states are the step
 * names (a command in flight), {@code <step>.compensating} (a compensation in flight), {@code COMPLETED},
 * {@code COMPENSATED} and {@code NEEDS_ATTENTION}; its events are {@link io.sagaengine.orchestrator.engine.SagaEvent}s.
 *
 * <p>Each input (start, reply, passed deadline, operator action) is handled in one database transaction: the reply
 * is marked processed in the inbox, the saga row is read, the transition computed, and the saga row (written only if
 * its version is still the one read), its timeline, the outbox rows of the commands sent and the effects of the
 * {@link io.sagaengine.orchestrator.engine.SagaStatusListener}s commit together. A version conflict rolls all of it
 * back and the input is handled again against the saga as the other writer left it.
 *
 * <p>A step's requestId is created and stored when the step starts, before its command goes out; re-sends and the
 * compensation carry it, so the compensation can be sent even if the command never ran or never answered.
 *
 * <p>Messages are reached only through the {@link io.sagaengine.orchestrator.engine.SagaMessaging} port: the engine
 * knows no message contract.
 */
package io.sagaengine.orchestrator.engine;
