package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaCount;
import io.sagaengine.engine.SagaCriteria;
import io.sagaengine.engine.SagaFinder;
import io.sagaengine.engine.SagaOverview;
import io.sagaengine.engine.SagaPage;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sagas by every filter support staff use, read through the engine's {@link SagaFinder}, each read bounded by
 * {@link AdminReads} (read-only, with the statement timeout). Pages come in start order with the engine's cursor
 * format, so a cursor from one listing continues the other.
 */
class AdminSagaFinder {

    private final SagaFinder finder;
    private final AdminReads reads;
    private final int countCap;

    AdminSagaFinder(SagaFinder finder, AdminReads reads, AdminReads.Settings settings) {
        this.finder = finder;
        this.reads = reads;
        this.countCap = settings.countCap();
    }

    SagaPage page(SagaFilter filter, Instant now) {
        return reads.read(() -> finder.find(criteria(filter, now), filter.limit(), filter.cursor()));
    }

    /**
     * How many sagas match, the cursor and limit aside: at most {@code saga.admin.count-cap} are read, so a filter
     * that matches millions costs no more than one that matches the cap.
     */
    SagaCount count(SagaFilter filter, Instant now) {
        return reads.read(() -> finder.count(criteria(filter, now), countCap));
    }

    /** The type of the saga with this id; empty if there is none. */
    Optional<String> typeOf(UUID sagaId) {
        return reads.read(() -> finder.typeOf(sagaId));
    }

    /** The overview's aggregates, read together. */
    SagaOverview overview(Instant now, Duration olderThan) {
        return reads.read(() -> finder.overview(now.minus(olderThan)));
    }

    static SagaCriteria criteria(SagaFilter f, Instant now) {
        return new SagaCriteria(f.status(), f.type(), f.stuck(), f.stuckKind() == null ? null : kind(f.stuckKind()),
                now.minus(f.olderThan()), f.step(), f.search(), f.progressedBefore(), f.progressedAfter(),
                f.definedHere(), f.paused());
    }

    private static SagaCriteria.StuckKind kind(StuckReason.Kind kind) {
        return switch (kind) {
            case NEEDS_ATTENTION -> SagaCriteria.StuckKind.NEEDS_ATTENTION;
            case PARKED -> SagaCriteria.StuckKind.PARKED;
            case NO_PROGRESS -> SagaCriteria.StuckKind.NO_PROGRESS;
        };
    }
}
