package io.sagaengine.engine;

import java.time.Duration;

/**
 * How far behind the clock deadlines are held: because the reply topics have not been read that far, or because the
 * outbox cannot publish (its relay lost the replication slot), so a passed deadline would not mean that no reply
 * came.
 */
public interface DeadlineHold {

    /**
     * Zero while replies are read up to now and the outbox publishes; grows while a reply partition is unassigned or
     * not read, or since the outbox stopped publishing.
     */
    Duration deadlinesHeldBy();
}
