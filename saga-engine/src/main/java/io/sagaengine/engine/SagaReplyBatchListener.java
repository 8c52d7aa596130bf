package io.sagaengine.engine;

import io.sagaengine.outbox.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Consumes the reply topics (consumer group shared by every orchestrator instance) a poll at a time and hands the
 * engine up to {@code maxBatch} replies at once, to be applied in one transaction with a savepoint each.
 *
 * <p>When a reply fails, the listener names it to the error handler ({@link BatchListenerFailedException}): the
 * offsets of the replies before it are committed (their effects are), a record that can never be read goes alone
 * to its dead-letter topic, one that failed for another reason is tried again, and the records after it are read
 * again. The engine's inbox makes any record read again a duplicate, never a second effect.
 */
final class SagaReplyBatchListener {

    private final DefaultSagaEngine engine;
    private final String[] topics;
    private final String groupId;
    private final int maxBatch;

    SagaReplyBatchListener(DefaultSagaEngine engine, Set<String> topics, String groupId, int maxBatch) {
        if (topics.isEmpty()) {
            throw new IllegalStateException("the saga messaging names no reply topics");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.engine = engine;
        this.topics = topics.stream().sorted().toArray(String[]::new);
        this.groupId = groupId;
        this.maxBatch = maxBatch;
    }

    public String[] topics() {
        return topics.clone();
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(id = "saga-replies", topics = "#{__listener.topics()}", groupId = "#{__listener.groupId()}",
            containerFactory = SagaEngineAutoConfiguration.REPLY_LISTENER_FACTORY, batch = "true")
    public void onReplies(List<ConsumerRecord<String, byte[]>> records) {
        for (int from = 0; from < records.size(); from += maxBatch) {
            List<ConsumerRecord<String, byte[]>> batch = records.subList(from, Math.min(records.size(), from + maxBatch));
            List<ReplyEnvelope> replies = new ArrayList<>(batch.size());
            for (ConsumerRecord<String, byte[]> record : batch) {
                try {
                    replies.add(SagaReplyListener.envelope(record));
                } catch (PoisonMessageException poison) {
                    apply(batch, replies);
                    throw new BatchListenerFailedException(poison.getMessage(), poison, record);
                }
            }
            apply(batch, replies);
        }
    }

    /** Applies {@code replies}, read from the first records of {@code batch}. */
    private void apply(List<ConsumerRecord<String, byte[]>> batch, List<ReplyEnvelope> replies) {
        try {
            engine.onReplies(replies);
        } catch (DefaultSagaEngine.RepliesFailed failed) {
            RuntimeException cause = failed.getCause() instanceof UnreadableReplyException unreadable
                    ? new PoisonMessageException(unreadable.getMessage(), unreadable) : failed.getCause();
            throw new BatchListenerFailedException(failed.getMessage(), cause, batch.get(failed.index()));
        }
    }
}
