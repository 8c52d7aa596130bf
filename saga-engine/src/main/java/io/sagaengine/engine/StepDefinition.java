package io.sagaengine.engine;

import java.time.Duration;
import java.util.Map;

/** One step of a {@link SagaDefinition}, as its builder checked it. */
record StepDefinition<D>(
        String name,
        SagaCommandFactory<D> command,
        SagaCommandFactory<D> compensation,
        Class<?> successType,
        SagaReplyHandler<D, Object> successHandler,
        Map<Class<?>, String> failures,
        Class<?> compensatedBy,
        Duration deadline,
        RetryPolicy retry,
        Duration compensationDeadline,
        RetryPolicy compensationRetry,
        WhenRetriesRunOut whenRetriesRunOut,
        WhenRetriesRunOut whenCompensationRetriesRunOut) {

    boolean hasCompensation() {
        return compensation != null;
    }

    boolean isSuccess(Object reply) {
        return successType.isInstance(reply);
    }

    /** The outcome a failure reply gives the saga, or null if {@code reply} is not one of this step's failures. */
    String failureOutcome(Object reply) {
        for (Map.Entry<Class<?>, String> failure : failures.entrySet()) {
            if (failure.getKey().isInstance(reply)) {
                return failure.getValue();
            }
        }
        return null;
    }

    boolean isCompensationReply(Object reply) {
        return compensatedBy != null && compensatedBy.isInstance(reply);
    }

    String forwardState() {
        return name;
    }

    String compensatingState() {
        return name + ".compensating";
    }
}
