package io.sagaengine.engine;

import java.util.UUID;

/**
 * Builds a step's command (or its compensation) from the saga's data and the step's requestId.
 *
 * <p>A compensation is built from the data and the requestId only, never from the forward reply, so it can be
 * sent even when the forward command never ran or its reply never came.
 */
@FunctionalInterface
public interface SagaCommandFactory<D> {

    Object create(D data, UUID requestId);
}
