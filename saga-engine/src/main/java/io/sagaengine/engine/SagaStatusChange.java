package io.sagaengine.engine;

import java.util.UUID;

/**
 * A saga changed status. Delivered inside the transaction that makes the change, so whatever a listener writes
 * commits or rolls back with it.
 *
 * @param from    null when the saga just started
 * @param state   the state the saga is now in
 * @param data    the saga's data after the change, of the definition's data type
 * @param outcome why the saga did not complete ({@link SagaOutcomes} or a failure outcome of the definition);
 *                null while no step failed
 */
public record SagaStatusChange(UUID sagaId, String sagaType, SagaStatus from, SagaStatus to, String state,
                               Object data, String outcome) {

    /** The data as the definition's type. */
    public <D> D data(Class<D> type) {
        return type.cast(data);
    }
}
