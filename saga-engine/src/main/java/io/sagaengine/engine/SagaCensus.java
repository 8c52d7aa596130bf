package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;

/** Counts of the sagas not finished yet, for gauges: aggregate queries, meant to run now and then. */
public interface SagaCensus {

    /**
     * The sagas RUNNING, COMPENSATING or NEEDS_ATTENTION, grouped by type, status and state, each group with how many
     * of its sagas are paused.
     */
    List<Group> unfinished();

    /**
     * The saga types of the database that this instance's build does not define (a type of a newer build, renamed
     * or retired, while several builds share the database during a rolling upgrade), each with its sagas not
     * finished and the replies held for them; only types with either. Such sagas move only where an instance
     * whose build defines the type runs: it fires their deadlines and applies the held replies.
     */
    List<UndefinedType> undefinedTypes();

    /**
     * The definition versions of the saga types this build defines that it does not define itself (a version of a
     * newer build, or one this build no longer registers), each with its sagas not finished and the replies held
     * for them; only versions with either. Such sagas move only where an instance whose build defines the version
     * runs. A version no unfinished saga uses any more may be dropped from the build.
     */
    default List<UndefinedVersion> undefinedVersions() {
        return List.of();
    }

    /**
     * The sagas not finished of each saga type and definition version, whether this build defines it or not: a
     * version whose count is zero has no saga left that needs it, and may be dropped from the builds.
     */
    default List<VersionInFlight> unfinishedByVersion() {
        return List.of();
    }

    /**
     * @param inFlight    its sagas RUNNING, COMPENSATING or NEEDS_ATTENTION
     * @param definedHere whether this instance's build defines the version
     */
    record VersionInFlight(String type, int version, long inFlight, boolean definedHere) {
    }

    /**
     * @param inFlight    its sagas RUNNING, COMPENSATING or NEEDS_ATTENTION
     * @param heldReplies replies read for its sagas and held until an instance that defines the version applies them
     */
    record UndefinedVersion(String type, int version, long inFlight, long heldReplies) {
    }

    /**
     * @param oldestStartedAt when the oldest saga of the group started
     * @param paused          how many of {@code count} are paused (support staff, or a step whose retries ran out)
     */
    record Group(String type, SagaStatus status, String state, long count, Instant oldestStartedAt, long paused) {

        /** A group with no saga paused. */
        public Group(String type, SagaStatus status, String state, long count, Instant oldestStartedAt) {
            this(type, status, state, count, oldestStartedAt, 0);
        }
    }

    /**
     * @param inFlight    its sagas RUNNING, COMPENSATING or NEEDS_ATTENTION
     * @param heldReplies replies read for its sagas and held until an instance that defines the type applies them
     */
    record UndefinedType(String type, long inFlight, long heldReplies) {
    }
}
