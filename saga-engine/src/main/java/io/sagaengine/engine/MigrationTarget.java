package io.sagaengine.engine;

import java.util.Objects;
import java.util.UUID;

/**
 * A saga to migrate, with the version (optimistic lock) the caller saw it at, as {@link SagaQueries} lists it.
 */
public record MigrationTarget(UUID sagaId, long expectedVersion) {

    public MigrationTarget {
        Objects.requireNonNull(sagaId, "sagaId");
    }
}
