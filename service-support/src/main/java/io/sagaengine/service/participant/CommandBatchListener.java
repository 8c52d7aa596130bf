package io.sagaengine.service.participant;

import io.sagaengine.outbox.Savepoints;
import io.sagaengine.outbox.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the commands of one poll in one transaction, each in a savepoint of its own, in the order they were
 * read (so the commands of one key, which share a partition, keep their order). Every command keeps what
 * {@link CommandDispatcher} guarantees for one: its inbox record, its effect and its reply commit together or not at
 * all; a batch only saves the transactions and the fsyncs.
 *
 * <p>A command that fails is rolled back to its savepoint alone; the commands before it commit, and the listener
 * then throws a {@link BatchListenerFailedException} naming it: the error handler commits the offsets before it and
 * dead-letters it (a poison record, or a failure whose retries ran out) or reads it again after a back-off together
 * with the commands that followed it, which were not applied. A batch whose transaction fails as a whole is retried
 * from its first command while the failure is transient (the database is down), so nothing is acknowledged; any
 * other such failure is sorted out by applying the batch again one command per transaction, which names the command
 * at fault.
 */
final class CommandBatchListener implements BatchMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(CommandBatchListener.class);

    private final CommandDispatcher dispatcher;
    private final TransactionTemplate batch;
    private final Savepoints savepoints;

    CommandBatchListener(CommandDispatcher dispatcher, PlatformTransactionManager transactionManager) {
        this.dispatcher = dispatcher;
        this.batch = new TransactionTemplate(transactionManager);
        this.savepoints = new Savepoints(transactionManager);
    }

    /** What became of the commands of a batch up to the first that failed, if one did. */
    private record Applied(List<CommandDispatcher.Prepared> commands, List<CommandDispatcher.Outcome> outcomes,
                           int failedAt, RuntimeException failure) {
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        Applied applied;
        try {
            applied = batch.execute(status -> applyUntilFailure(records));
        } catch (RuntimeException batchFailure) {
            if (TransientFailures.isTransient(batchFailure)) {
                throw failed(records.get(0), batchFailure);
            }
            log.warn("A batch of {} commands failed as a whole ({}); applying them one by one", records.size(),
                    batchFailure.toString());
            applyOneByOne(records);
            return;
        }
        for (int i = 0; i < applied.outcomes().size(); i++) {
            dispatcher.logIfDuplicate(applied.commands().get(i), applied.outcomes().get(i));
        }
        if (applied.failure() != null) {
            throw failed(records.get(applied.failedAt()), applied.failure());
        }
    }

    private Applied applyUntilFailure(List<ConsumerRecord<String, byte[]>> records) {
        List<CommandDispatcher.Prepared> commands = new ArrayList<>(records.size());
        List<CommandDispatcher.Outcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                CommandDispatcher.Prepared command = dispatcher.prepare(records.get(i));
                outcomes.add(savepoints.execute(() -> dispatcher.apply(command)));
                commands.add(command);
            } catch (RuntimeException failure) {
                return new Applied(commands, outcomes, i, failure);
            }
        }
        return new Applied(commands, outcomes, -1, null);
    }

    /** After a failure of the batch's own transaction that says nothing about which command caused it. */
    private void applyOneByOne(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                dispatcher.dispatch(record);
            } catch (RuntimeException failure) {
                throw failed(record, failure);
            }
        }
    }

    private static BatchListenerFailedException failed(ConsumerRecord<String, byte[]> record, RuntimeException cause) {
        return new BatchListenerFailedException(cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage(), cause, record);
    }
}
