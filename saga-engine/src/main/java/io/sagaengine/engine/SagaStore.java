package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Where sagas and their timelines are kept. Every call joins the caller's transaction. */
interface SagaStore {

    void insert(SagaRecord saga);

    /**
     * Writes {@code after} over {@code before} (the saga as read) if the stored version is still {@code before}'s;
     * false if it changed.
     */
    boolean update(SagaRecord before, SagaRecord after);

    Optional<SagaRecord> find(UUID sagaId);

    /**
     * As {@link #find}, the row locked for the rest of the transaction: waits while another transaction writes it,
     * then reads what that one committed.
     */
    Optional<SagaRecord> lock(UUID sagaId);

    /**
     * Sagas of the definition versions this build defines whose deadline is at or before {@code now}, oldest deadline
     * first, locked for the rest of the transaction; sagas another transaction holds are skipped, so several pollers
     * share the work. A saga of another type or version is left to an instance whose build defines it and never
     * fills a batch here; paused sagas are never due.
     */
    List<SagaRecord> lockDue(Instant now, Set<SagaVersion> versions, int limit);

    /**
     * Writes a migrated saga (its definition version, state, steps and the rest) over {@code before} if the stored
     * version is still {@code before}'s; false if it changed.
     */
    default boolean migrate(SagaRecord before, SagaRecord after) {
        throw new UnsupportedOperationException("this store does not migrate sagas between definition versions");
    }

    /** Records one input's timeline entries, in order. */
    void append(List<HistoryEntry> entries);
}
