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
    RECOVERING,
    /**
     * Gave the lock up after its engine failed too often in a row, so a healthy standby can take over; competes
     * again after the step-down cool-down.
     */
    STEPPED_DOWN,
    /**
     * The replication slot is missing although the relay streamed from it before, or it was invalidated: changes
     * may have been lost. Does not stream until an operator accepts the loss (see {@link OutboxRelay#slotProblem()}).
     */
    SLOT_LOST
}
