package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;

/** Counts of the sagas not finished yet, for gauges: aggregate queries, meant to run now and then. */
public interface SagaCensus {

    /** The sagas RUNNING, COMPENSATING or NEEDS_ATTENTION, grouped by type, status and state. */
    List<Group> unfinished();

    /**
     * The saga types of the database that this instance's build does not define (a type of a newer build, renamed
     * or retired, while several builds share the database during a rolling upgrade), each with its sagas not
     * finished and the replies held for them; only types with either. Such sagas move only where an instance
     * whose build defines the type runs: it fires their deadlines and applies the held replies.
     */
    List<UndefinedType> undefinedTypes();

    /**
     * @param oldestStartedAt when the oldest saga of the group started
     */
    record Group(String type, SagaStatus status, String state, long count, Instant oldestStartedAt) {
    }

    /**
     * @param inFlight    its sagas RUNNING, COMPENSATING or NEEDS_ATTENTION
     * @param heldReplies replies read for its sagas and held until an instance that defines the type applies them
     */
    record UndefinedType(String type, long inFlight, long heldReplies) {
    }
}
