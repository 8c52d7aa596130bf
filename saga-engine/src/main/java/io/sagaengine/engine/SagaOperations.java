package io.sagaengine.engine;

import java.util.UUID;

/**
 * What support staff may do to a saga. Each action checks the version the caller saw, runs in one transaction
 * (joining the caller's, if any) and is recorded in the saga's timeline with its actor and reason.
 */
public interface SagaOperations {

    /** Sends the command in flight again (forward or compensation), same requestId, fresh retry budget. */
    OperatorResult retry(UUID sagaId, long expectedVersion, String actor, String reason);

    /** Gives up going forward: compensates the steps done, and the step in flight (its command may have run). */
    OperatorResult compensate(UUID sagaId, long expectedVersion, String actor, String reason);

    /** Leaves NEEDS_ATTENTION: waits again for the command in flight, fresh retry budget, nothing sent now. */
    OperatorResult resume(UUID sagaId, long expectedVersion, String actor, String reason);
}
