package io.sagaengine.engine;

import io.sagaengine.engine.SagaEngineObserver.AttentionCause;
import io.sagaengine.engine.SagaEngineObserver.PauseCause;
import io.sagaengine.engine.SagaEngineObserver.StepResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Tells an observer what a committed decision did: sagas started and ended, commands sent, replies applied. */
final class DecisionReport {

    private DecisionReport() {
    }

    static void report(Decision decision, SagaEngineObserver observer) {
        SagaRecord after = decision.after();
        if (after == null) {
            return;
        }
        String type = after.type();
        if (decision.before() == null) {
            observer.sagaStarted(type);
        }
        List<HistoryEntry> history = decision.history();
        for (int i = 0; i < history.size(); i++) {
            HistoryEntry entry = history.get(i);
            switch (entry.kind()) {
                case COMMAND_SENT -> step(after, entry.step()).ifPresent(step -> observer.commandSent(type, step.name(),
                        step.inCompensation(), step.inCompensation() ? step.compensationAttempts() : step.attempts()));
                case REPLY_RECEIVED -> {
                    StepResult result = resultAfter(history, i);
                    if (result != null) {
                        observer.replyApplied(type, entry.step(), result, latency(decision, entry.step()));
                    }
                }
                default -> {
                    // transitions, ignored replies, deadlines and operator actions are seen through the above
                }
            }
        }
        boolean wasPaused = decision.before() != null && decision.before().paused();
        if (!wasPaused && after.paused()) {
            observer.sagaPaused(type, history.stream().anyMatch(h -> h.kind() == TimelineEntry.Kind.OPERATOR_ACTION
                    && SagaEvent.OPERATOR_PAUSE.name().equals(h.event())) ? PauseCause.OPERATOR
                    : PauseCause.RETRIES_EXHAUSTED);
        } else if (wasPaused && !after.paused()) {
            observer.sagaUnpaused(type);
        }
        for (SagaStatusChange change : decision.statusChanges()) {
            switch (change.to()) {
                case COMPLETED, COMPENSATED -> observer.sagaEnded(type, change.to(), change.outcome());
                case NEEDS_ATTENTION -> observer.sagaNeedsAttention(type, cause(history));
                default -> {
                    // RUNNING and COMPENSATING are in flight
                }
            }
        }
    }

    private static Optional<StepRecord> step(SagaRecord saga, String name) {
        return saga == null || name == null ? Optional.empty()
                : saga.steps().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The transition a received reply caused: the first one recorded after it. */
    private static StepResult resultAfter(List<HistoryEntry> history, int index) {
        for (int j = index + 1; j < history.size(); j++) {
            HistoryEntry entry = history.get(j);
            if (entry.kind() == TimelineEntry.Kind.TRANSITION) {
                return switch (SagaEvent.valueOf(entry.event())) {
                    case STEP_SUCCEEDED -> StepResult.SUCCEEDED;
                    case STEP_FAILED -> StepResult.FAILED;
                    case COMPENSATED -> StepResult.COMPENSATED;
                    default -> null;
                };
            }
        }
        return null;
    }

    private static Duration latency(Decision decision, String stepName) {
        return step(decision.before(), stepName)
                .filter(step -> step.phaseSentAt() != null)
                .map(step -> Duration.between(step.phaseSentAt(), decision.after().updatedAt()))
                .filter(latency -> !latency.isNegative())
                .orElse(null);
    }

    private static AttentionCause cause(List<HistoryEntry> history) {
        return history.stream()
                .filter(h -> h.kind() == TimelineEntry.Kind.TRANSITION
                        && TransitionTable.NEEDS_ATTENTION.equals(h.toState()))
                .reduce((first, second) -> second)
                .filter(h -> SagaEvent.COMPENSATION_FAILED.name().equals(h.event()))
                .map(h -> AttentionCause.COMPENSATION_FAILED)
                .orElse(AttentionCause.PARKED);
    }
}
