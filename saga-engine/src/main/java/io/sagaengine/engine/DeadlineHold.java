package io.sagaengine.engine;

import java.time.Duration;

/** How far behind the clock deadlines are held because the reply topics have not been read that far. */
public interface DeadlineHold {

    /** Zero while replies are read up to now; grows while a reply partition is unassigned or not read. */
    Duration deadlinesHeldBy();
}
