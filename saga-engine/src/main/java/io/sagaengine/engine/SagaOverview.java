package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where the sagas stand, for an overview: aggregates read together.
 *
 * @param byTypeAndStatus sagas per type and status
 * @param stuck           stuck sagas grouped by why, type and the state they stand (or were parked) in
 * @param oldestInFlight  the unfinished saga that started first; null when none is
 */
public record SagaOverview(List<Count> byTypeAndStatus, List<StuckGroup> stuck, Oldest oldestInFlight) {

    public SagaOverview {
        byTypeAndStatus = List.copyOf(byTypeAndStatus);
        stuck = List.copyOf(stuck);
    }

    public record Count(String type, SagaStatus status, long count) {
    }

    /**
     * @param since the oldest last progress of the group's sagas
     */
    public record StuckGroup(SagaCriteria.StuckKind kind, String type, String state, long count, Instant since) {
    }

    public record Oldest(UUID sagaId, String type, SagaStatus status, String state, Instant startedAt) {
    }
}
