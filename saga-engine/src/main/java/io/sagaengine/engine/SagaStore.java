package io.sagaengine.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where sagas and their timelines are kept. Every call joins the caller's transaction. */
interface SagaStore {

    void insert(SagaRecord saga);

    /** Writes {@code saga} if the stored version is still {@code expectedVersion}; false if it changed. */
    boolean update(SagaRecord saga, long expectedVersion);

    Optional<SagaRecord> find(UUID sagaId);

    /**
     * Sagas whose deadline is at or before {@code now}, oldest deadline first, locked for the rest of the
     * transaction; sagas another transaction holds are skipped, so several pollers share the work.
     */
    List<SagaRecord> lockDue(Instant now, int limit);

    void append(List<HistoryEntry> entries);
}
