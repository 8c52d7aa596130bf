package io.sagaengine.orchestrator.engine;

import java.util.UUID;

/**
 * One step of a stored saga.
 *
 * @param requestId     set when the step starts and stored before its command is sent, so the compensation
 *                      can always carry it
 * @param lastMessageId the message id of the latest send (forward or compensation)
 */
record StepRecord(String name, StepStatus status, UUID requestId, int attempts, int compensationAttempts,
                  UUID lastMessageId, String detail) {

    static StepRecord pending(String name) {
        return new StepRecord(name, StepStatus.PENDING, null, 0, 0, null, null);
    }

    StepRecord withStatus(StepStatus status, String detail) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail);
    }

    StepRecord withRequestId(UUID requestId) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail);
    }

    StepRecord withAttempts(int attempts) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail);
    }

    StepRecord withCompensationAttempts(int compensationAttempts) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail);
    }

    StepRecord withLastMessageId(UUID lastMessageId) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail);
    }

    /** Sends in the current phase: the compensation's once compensation began. */
    int phaseAttempts() {
        return switch (status) {
            case COMPENSATING, COMPENSATED, COMPENSATION_FAILED -> compensationAttempts;
            default -> attempts;
        };
    }
}
