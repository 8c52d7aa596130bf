package io.sagaengine.outbox.relay;

/** What a relay instance is doing. */
public enum RelayState {
    /** Not started, or stopped. */
    STOPPED,
    /** Another instance holds this database's relay lock; this one waits to take over. */
    STANDBY,
    /** Holds the lock and is starting the Debezium engine. */
    STARTING,
    /** Holds the lock and streams the outbox from the WAL to Kafka. */
    STREAMING,
    /** Holds the lock, the engine failed; it is restarted after a back-off. */
    RECOVERING
}
