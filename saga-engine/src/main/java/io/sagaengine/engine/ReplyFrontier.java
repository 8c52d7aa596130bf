package io.sagaengine.engine;

import java.time.Instant;

/**
 * Up to when deadlines may fire: a step's deadline means that no reply came, so it may only pass once the reply
 * topics have been read (and every reply found applied) past it. While a reply partition is unassigned, its
 * reader restarts or the broker is away, deadlines wait instead of spending the steps' budgets.
 */
interface ReplyFrontier {

    /** The latest instant a deadline may have and still fire now; never after {@code now}. */
    Instant deadlinesDueBy(Instant now);

    /** Deadlines follow the clock alone (for an engine whose replies are known to be read, such as in tests). */
    static ReplyFrontier clockOnly() {
        return now -> now;
    }
}
