package io.sagaengine.engine;

/**
 * How many sagas matched, read up to a cap.
 *
 * @param counted the sagas counted: all that match, or the cap
 * @param atLeast true when counting stopped at the cap: at least {@code counted} sagas match, maybe many more
 */
public record SagaCount(long counted, boolean atLeast) {
}
