package io.sagaengine.outbox;

import java.util.List;

/**
 * Appends messages to the transactional outbox. The messages are published to Kafka by the relay after,
 * and only if, the caller's transaction commits.
 *
 * <p>Every call must run inside the caller's transaction; outside one it throws
 * {@link org.springframework.transaction.IllegalTransactionStateException}, because a message written on its
 * own would be a dual write.
 */
public interface Outbox {

    void append(OutboxMessage message);

    void appendAll(List<OutboxMessage> messages);

    /**
     * The PostgreSQL outbox on {@code jdbc}, for code that runs without the auto-configuration.
     *
     * @param keepRows keep rows after insert instead of deleting them in the same transaction
     */
    static Outbox jdbc(org.springframework.jdbc.core.JdbcTemplate jdbc, boolean keepRows) {
        return jdbc(jdbc, keepRows, MessageTracing.off());
    }

    /**
     * As {@link #jdbc(org.springframework.jdbc.core.JdbcTemplate, boolean)}; a message appended without a
     * {@code traceparent} gets the one of the span in scope.
     */
    static Outbox jdbc(org.springframework.jdbc.core.JdbcTemplate jdbc, boolean keepRows, MessageTracing tracing) {
        return new JdbcOutbox(jdbc, keepRows, tracing);
    }
}
