package io.sagaengine.engine;

/**
 * Told about every status change of every saga, inside the transaction that makes it: an exception rolls the
 * change back (and the input is retried, then the saga parked). Beans of this type are picked up by the engine.
 */
@FunctionalInterface
public interface SagaStatusListener {

    void onStatusChange(SagaStatusChange change);
}
