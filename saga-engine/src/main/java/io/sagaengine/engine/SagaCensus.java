package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;

/** Counts of the sagas not finished yet, for gauges: one aggregate query, meant to run now and then. */
public interface SagaCensus {

    /** The sagas RUNNING, COMPENSATING or NEEDS_ATTENTION, grouped by type, status and state. */
    List<Group> unfinished();

    /**
     * @param oldestStartedAt when the oldest saga of the group started
     */
    record Group(String type, SagaStatus status, String state, long count, Instant oldestStartedAt) {
    }
}
