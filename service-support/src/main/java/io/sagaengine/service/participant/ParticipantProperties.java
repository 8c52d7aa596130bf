package io.sagaengine.service.participant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a participant service applies the commands it reads ({@code saga.participant.*}).
 *
 * @param batchCommands whether the commands of one poll are applied in one transaction, each in a savepoint of its
 *                      own (the default), instead of in a transaction per command: the same guarantees, fewer
 *                      transactions and fsyncs
 * @param maxBatchSize  the most commands one poll hands over while batching (the command consumers'
 *                      {@code max.poll.records}); a larger batch holds the locks of its first commands longer
 */
@ConfigurationProperties("saga.participant")
record ParticipantProperties(@DefaultValue("true") boolean batchCommands, @DefaultValue("50") int maxBatchSize) {

    ParticipantProperties {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("saga.participant.max-batch-size must be at least 1");
        }
    }
}
