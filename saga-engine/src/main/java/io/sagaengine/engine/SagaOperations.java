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

    /**
     * Stops the saga where it is until {@link #unpause}: it keeps its status and state, sends no command, fires no
     * deadline (what is left of it is kept for the unpause), and replies that come are recorded and kept. NOT_ALLOWED
     * for a finished saga or one already paused; a saga that needs attention can be paused. While paused, retry,
     * compensate and resume are NOT_ALLOWED. One saga per call: a bulk pause calls this for each saga it selected,
     * with the version it read.
     */
    OperatorResult pause(UUID sagaId, long expectedVersion, String actor, String reason);

    /**
     * Lifts a pause and, in the same transaction, applies the replies kept meanwhile in the order they came. A saga
     * waiting for a reply gets back the time its deadline had left when it was paused; one paused because its retries
     * ran out sends its command (or compensation) again, same requestId, with a fresh retry budget. NOT_ALLOWED for a
     * saga that is not paused. The result's version is the saga's after the kept replies were applied.
     */
    OperatorResult unpause(UUID sagaId, long expectedVersion, String actor, String reason);
}
