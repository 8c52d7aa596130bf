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
}
