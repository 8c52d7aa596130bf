package io.sagaengine.engine;

import java.util.Optional;
import java.util.UUID;

/** Read access to sagas, for the APIs. */
public interface SagaQueries {

    /** The saga with its steps, data, version, deadline and whole timeline; empty for an unknown id. */
    Optional<SagaView> find(UUID sagaId);

    /**
     * Sagas in start order, a page at a time.
     *
     * @throws IllegalArgumentException for a cursor this method did not hand out
     */
    SagaPage list(SagaSearch search);
}
