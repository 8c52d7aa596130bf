package io.sagaengine.engine;

/**
 * Whether the commands the engine writes to the outbox reach their topics now. While they do not (the outbox relay
 * lost its replication slot), a passed deadline means that nothing was sent, not that no reply came: deadlines wait.
 */
@FunctionalInterface
interface OutboxPublishing {

    boolean publishing();

    /** For an engine whose outbox is known to be relayed (tests, the in-memory engine). */
    static OutboxPublishing always() {
        return () -> true;
    }
}
