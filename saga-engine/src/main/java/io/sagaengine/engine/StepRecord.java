package io.sagaengine.engine;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of a stored saga.
 *
 * @param requestId     set when the step starts and stored before its command is sent, so the compensation
 *                      can always carry it
 * @param lastMessageId the message id of the latest send (forward or compensation)
 * @param phaseSentAt   when the first send of the current phase (forward, or compensation) went out, or an
 *                      operator's retry sent it again: where the step's latency is measured from
 */
record StepRecord(String name, StepStatus status, UUID requestId, int attempts, int compensationAttempts,
                  UUID lastMessageId, String detail, Instant phaseSentAt) {

    static StepRecord pending(String name) {
        return new StepRecord(name, StepStatus.PENDING, null, 0, 0, null, null, null);
    }

    StepRecord withStatus(StepStatus status, String detail) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail,
                phaseSentAt);
    }

    StepRecord withRequestId(UUID requestId) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail,
                phaseSentAt);
    }

    StepRecord withAttempts(int attempts) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail,
                phaseSentAt);
    }

    StepRecord withCompensationAttempts(int compensationAttempts) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail,
                phaseSentAt);
    }

    StepRecord withLastMessageId(UUID lastMessageId) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail,
                phaseSentAt);
    }

    StepRecord withPhaseSentAt(Instant phaseSentAt) {
        return new StepRecord(name, status, requestId, attempts, compensationAttempts, lastMessageId, detail,
                phaseSentAt);
    }

    /** Sends in the current phase: the compensation's once compensation began. */
    int phaseAttempts() {
        return switch (status) {
            case COMPENSATING, COMPENSATED, COMPENSATION_FAILED -> compensationAttempts;
            default -> attempts;
        };
    }

    /** Whether the step's compensation has been sent (it is compensating, compensated, or failed to be). */
    boolean inCompensation() {
        return status == StepStatus.COMPENSATING || status == StepStatus.COMPENSATED
                || status == StepStatus.COMPENSATION_FAILED;
    }
}
