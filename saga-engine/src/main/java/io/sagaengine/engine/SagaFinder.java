package io.sagaengine.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sagas by every criterion support staff narrow by, for admin APIs: pages in start order (the cursor format of
 * {@link SagaQueries#list}, so a cursor from one continues the other), counts that stop at a cap, and an overview.
 * Criteria by status, type, stuck, stuck kind or step read an index; a search in the data and a time range alone
 * are scans, to be bounded by the caller's statement timeout. Each call takes part in the caller's transaction.
 */
public interface SagaFinder {

    /**
     * @param limit  page size, 1 to {@link SagaSearch#MAX_LIMIT}
     * @param cursor from {@link SagaPage#nextCursor()}; null for the first page
     * @throws IllegalArgumentException for a cursor not handed out by a listing
     */
    SagaPage find(SagaCriteria criteria, int limit, String cursor);

    /** How many sagas match, reading at most {@code cap} + 1 of them. */
    SagaCount count(SagaCriteria criteria, int cap);

    /** The type of the saga with this id; empty if there is none. */
    Optional<String> typeOf(UUID sagaId);

    /**
     * The current version of each of these sagas, in one statement by primary key: for a caller that watches a set
     * of sagas for changes. A saga that does not exist (or no longer does) is absent from the answer.
     */
    Map<UUID, Long> versions(Collection<UUID> sagaIds);

    /** Sagas per type and status, the stuck ones grouped, and the oldest in flight. */
    SagaOverview overview(Instant stuckBefore);
}
