package io.sagaengine.operations.deadletter;

import java.time.Instant;

/**
 * One recorded re-drive of a dead-lettered record: who asked, why and when, where it went, and whether Kafka has
 * acknowledged it yet.
 */
record Redrive(long id, Coordinates from, int attempt, boolean forced, String actor, String reason,
               Instant requestedAt, String targetTopic, String messageId, Instant publishedAt,
               Integer targetPartition, Long targetOffset, String lastError) {

    enum Status {
        /** Recorded; Kafka has not acknowledged the publish yet (it is retried until it has). */
        PENDING,
        /** Published to the target topic and acknowledged by every in-sync replica. */
        PUBLISHED
    }

    Status status() {
        return publishedAt == null ? Status.PENDING : Status.PUBLISHED;
    }
}
