package io.sagaengine.engine;

import java.util.List;
import java.util.UUID;

/**
 * Told which finished sagas the retention purge is about to delete, inside the purge's transaction: whatever a
 * listener deletes of its own (the rows the application keeps per saga) goes with the sagas or, if anything fails,
 * stays with them. Beans of this type are picked up by the engine. A batch is small
 * ({@code saga.engine.retention.batch-size}), so a listener deletes by the ids in one statement.
 *
 * <p>Only sagas COMPLETED or COMPENSATED before the retention are purged; never one that is running,
 * compensating or needs attention.
 */
@FunctionalInterface
public interface SagaPurgeListener {

    /**
     * @param sagaType the saga type of every id in this call
     * @param sagaIds  the sagas deleted when the transaction commits
     */
    void beforePurge(String sagaType, List<UUID> sagaIds);
}
