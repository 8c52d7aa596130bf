package io.sagaengine.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the saga engine ({@code saga.engine.*}).
 *
 * @param consumerGroup   the Kafka consumer group of the reply listener, shared by all instances of the
 *                        application; also the inbox consumer name replies are deduplicated under. Defaults to
 *                        {@code spring.application.name}. Changing it on a running system re-reads the reply
 *                        topics from the start under a new inbox name: set it once.
 * @param conflictRetries how often an input is tried again after a version conflict on its saga
 * @param handlerAttempts how often an input whose handling fails is tried before its saga is parked
 * @param machinePoolSize no longer used: transitions are compiled once into a table that keeps no state machines;
 *                        still read, so configurations that set it keep starting
 * @param retention       how long finished sagas are kept
 */
@ConfigurationProperties("saga.engine")
public record SagaEngineProperties(
        String consumerGroup,
        @DefaultValue Replies replies,
        @DefaultValue Deadlines deadlines,
        @DefaultValue("10") int conflictRetries,
        @DefaultValue("3") int handlerAttempts,
        @DefaultValue("8") int machinePoolSize,
        @DefaultValue Schema schema,
        @DefaultValue Retention retention) {

    public SagaEngineProperties {
        if (conflictRetries < 0 || handlerAttempts < 1 || machinePoolSize < 1) {
            throw new IllegalArgumentException("saga.engine: conflict-retries >= 0, handler-attempts >= 1 and "
                    + "machine-pool-size >= 1 required");
        }
    }

    /** {@code consumerGroup}, or {@code fallback} (the application's name) when none is set. */
    String consumerGroupOr(String fallback) {
        return consumerGroup != null && !consumerGroup.isBlank() ? consumerGroup : fallback;
    }

    /**
     * The engine's own tables, migrated by a Flyway of its own.
     *
     * @param migrate      migrate them at start-up; false where a DBA applies {@code classpath:db/saga-engine}
     * @param historyTable the engine's Flyway history table, apart from the application's
     */
    public record Schema(@DefaultValue("true") boolean migrate,
                         @DefaultValue("saga_engine_schema_history") String historyTable) {
    }

    /**
     * @param enabled         consume the reply topics
     * @param concurrency     consumer threads of this instance
     * @param unknownSagaWait until how long after it was sent a reply naming a saga this database does not show
     *                        is read again before it is recorded as unmatched. PostgreSQL's logical decoding can
     *                        hand a committed transaction to the relay a moment before the transaction is visible
     *                        to other sessions, so under load a participant's reply can arrive before the saga that
     *                        sent the command can be read; 0 records it at once (and the step's deadline re-sends
     *                        the command)
     * @param batched         apply the replies of one poll together: up to {@code maxBatch} in one transaction, each
     *                        in a savepoint of its own, so a reply that fails is undone alone and handled on its own
     *                        while the others commit; false applies each reply in a transaction of its own
     * @param maxBatch        replies applied in one transaction at most (a poll brings up to the consumer's
     *                        {@code max.poll.records})
     */
    public record Replies(@DefaultValue("true") boolean enabled, @DefaultValue("1") int concurrency,
                          @DefaultValue("2s") Duration unknownSagaWait, @DefaultValue("true") boolean batched,
                          @DefaultValue("50") int maxBatch) {

        public Replies {
            unknownSagaWait = unknownSagaWait == null ? Duration.ofSeconds(2) : unknownSagaWait;
            if (unknownSagaWait.isNegative()) {
                throw new IllegalArgumentException("saga.engine.replies.unknown-saga-wait must not be negative");
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("saga.engine.replies.max-batch must be at least 1");
            }
        }
    }

    /**
     * @param enabled         poll for passed deadlines
     * @param pollInterval    pause between polls; a poll that finds a full batch polls again at once
     * @param batchSize       sagas locked and handled per transaction
     * @param waitForReplies  fire a deadline only once the reply topics have been read past it (by whichever
     *                        instance owns each partition), so a restart, rebalance or broker outage never spends
     *                        a step's budget; false fires on the clock alone
     * @param frontierProbeInterval how often the reply listener measures how far it has read its partitions
     */
    public record Deadlines(@DefaultValue("true") boolean enabled, @DefaultValue("500ms") Duration pollInterval,
                            @DefaultValue("100") int batchSize, @DefaultValue("true") boolean waitForReplies,
                            @DefaultValue("500ms") Duration frontierProbeInterval) {
        public Deadlines {
            if (pollInterval.isNegative() || pollInterval.isZero() || batchSize < 1
                    || frontierProbeInterval.isNegative() || frontierProbeInterval.isZero()) {
                throw new IllegalArgumentException("saga.engine.deadlines: poll-interval > 0, "
                        + "frontier-probe-interval > 0 and batch-size >= 1 required");
            }
        }
    }

    /**
     * Finished sagas (COMPLETED or COMPENSATED) are deleted with their history once they finished longer ago than
     * {@code finishedSagas}; sagas running, compensating or needing attention are kept whatever their age. Replies
     * that named no saga (recorded in the history under the id they named) are deleted once older than
     * {@code unmatchedReplies}.
     *
     * @param finishedSagas    how long a finished saga is kept after it finished; zero keeps them forever
     * @param purgeInterval    pause between purge runs; a run deletes batch after batch until none is left
     * @param batchSize        sagas (or unmatched replies) deleted per transaction
     * @param unmatchedReplies how long the record of a reply that named no saga is kept; zero keeps them forever
     */
    public record Retention(@DefaultValue("7d") Duration finishedSagas, @DefaultValue("1m") Duration purgeInterval,
                            @DefaultValue("500") int batchSize, @DefaultValue("7d") Duration unmatchedReplies) {
        public Retention {
            if (finishedSagas.isNegative() || purgeInterval.isNegative() || purgeInterval.isZero() || batchSize < 1
                    || unmatchedReplies.isNegative()) {
                throw new IllegalArgumentException("saga.engine.retention: finished-sagas >= 0, purge-interval > 0, "
                        + "batch-size >= 1 and unmatched-replies >= 0 required");
            }
        }

        /** Whether finished sagas are purged at all. */
        public boolean purges() {
            return !finishedSagas.isZero();
        }
    }
}
