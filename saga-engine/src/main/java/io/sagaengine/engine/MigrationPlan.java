package io.sagaengine.engine;

import io.sagaengine.engine.CompiledSaga.Kind;
import io.sagaengine.engine.CompiledSaga.Position;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link SagaMigration} checked against the two definitions it names, and what it makes of one saga: the saga
 * reshaped onto the new version's steps, or why the mapping does not fit it.
 */
final class MigrationPlan {

    /** What a migration makes of one saga. */
    sealed interface Fit permits Reshaped, Rejected {
    }

    /**
     * The saga on the new version's steps, in the mapped state; still of the old version (the migration's decision
     * moves it) and at the version it was read at.
     *
     * @param sendStep the new version's step whose command is sent as the saga enters it; -1 when the saga keeps
     *                 waiting for the command in flight (same step), or stays parked
     */
    record Reshaped(SagaRecord saga, int toVersion, int sendStep, String fromState, String toState) implements Fit {
    }

    record Rejected(MigrationResult.Outcome outcome, String fromState, String detail) implements Fit {
    }

    private final SagaMigration migration;
    private final CompiledSaga<?> from;
    private final CompiledSaga<?> to;

    private MigrationPlan(SagaMigration migration, CompiledSaga<?> from, CompiledSaga<?> to) {
        this.migration = migration;
        this.from = from;
        this.to = to;
    }

    /** @throws InvalidMigrationException if the mapping is wrong whatever saga it is applied to */
    static MigrationPlan check(SagaMigration migration, SagaRegistry registry) {
        List<String> problems = new ArrayList<>();
        Optional<CompiledSaga<?>> from = registry.find(new SagaVersion(migration.type(), migration.from()));
        Optional<CompiledSaga<?>> to = registry.find(new SagaVersion(migration.type(), migration.to()));
        from.ifPresentOrElse(s -> { }, () -> problems.add(notDefined(migration.type(), migration.from())));
        to.ifPresentOrElse(s -> { }, () -> problems.add(notDefined(migration.type(), migration.to())));
        if (migration.from() == migration.to()) {
            problems.add("a migration moves sagas to another version: from and to are both " + migration.from());
        }
        if (migration.states().isEmpty()) {
            problems.add("the mapping of states is empty");
        }
        if (problems.isEmpty()) {
            for (Map.Entry<String, String> entry : new java.util.TreeMap<>(migration.states()).entrySet()) {
                checkState(entry.getKey(), entry.getValue(), from.get(), to.get(), migration, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMigrationException(problems);
        }
        return new MigrationPlan(migration, from.get(), to.get());
    }

    private static void checkState(String fromState, String toState, CompiledSaga<?> from, CompiledSaga<?> to,
                                   SagaMigration migration, List<String> problems) {
        Optional<Position> source = from.find(fromState).filter(MigrationPlan::inFlight);
        Optional<Position> target = to.find(toState).filter(MigrationPlan::inFlight);
        if (source.isEmpty()) {
            problems.add("state " + fromState + " is not a state of version " + migration.from()
                    + " a saga can be in while in flight");
        }
        if (target.isEmpty()) {
            problems.add("state " + fromState + " maps to " + toState + ", which is not a state of version "
                    + migration.to() + " a saga can be in while in flight");
        }
        if (source.isEmpty() || target.isEmpty()) {
            return;
        }
        if (source.get().kind() != target.get().kind()) {
            problems.add("state " + fromState + " maps to " + toState + ": a forward state maps to a forward state, "
                    + "a compensating state to a compensating state");
        } else if (source.get().kind() == Kind.COMPENSATING
                && !from.step(source.get().step()).name().equals(to.step(target.get().step()).name())) {
            problems.add("state " + fromState + " maps to " + toState + ": a compensating state maps to the same "
                    + "step's compensating state");
        }
    }

    private static boolean inFlight(Position position) {
        return position.kind() == Kind.FORWARD || position.kind() == Kind.COMPENSATING;
    }

    private static String notDefined(String type, int version) {
        return "this build does not define version " + version + " of saga type " + type;
    }

    /** What the migration makes of {@code saga}. */
    Fit fit(SagaRecord saga) {
        if (!saga.type().equals(migration.type()) || saga.definitionVersion() != migration.from()) {
            return new Rejected(MigrationResult.Outcome.OTHER_VERSION, null, "the saga runs on version "
                    + saga.definitionVersion() + " of saga type " + saga.type());
        }
        if (saga.status() == SagaStatus.COMPLETED || saga.status() == SagaStatus.COMPENSATED) {
            return new Rejected(MigrationResult.Outcome.FINISHED, saga.state(), "the saga is " + saga.status());
        }
        if (saga.paused()) {
            // a migration may send the mapped step's command, which a paused saga must not: unpause it first
            return new Rejected(MigrationResult.Outcome.REJECTED, saga.state(), "the saga is paused");
        }
        String fromState = saga.effectiveState();
        Optional<Position> at = from.find(fromState).filter(MigrationPlan::inFlight);
        if (at.isEmpty()) {
            return rejected(fromState, "the saga is in state " + fromState + ", which a migration cannot move");
        }
        String toState = migration.states().get(fromState);
        if (toState == null) {
            return rejected(fromState, "state " + fromState + ", which the saga is in, is not mapped");
        }
        Position target = to.position(toState);
        int targetStep = target.step();
        Map<String, StepRecord> records = new LinkedHashMap<>();
        saga.steps().forEach(step -> records.put(step.name(), step));
        List<String> problems = new ArrayList<>();
        for (StepRecord done : saga.steps()) {
            if (done.status() == StepStatus.SUCCEEDED) {
                checkDone(done, toState, targetStep, problems);
            }
        }
        for (int k = 0; k < targetStep; k++) {
            StepDefinition<?> before = to.step(k);
            StepRecord record = records.get(before.name());
            if (before.hasCompensation() && (record == null || record.status() != StepStatus.SUCCEEDED)) {
                problems.add("step " + before.name() + " comes before " + toState + " in version " + migration.to()
                        + " and has a compensation, but never ran: compensating would undo what was never done");
            }
        }
        StepDefinition<?> inFlight = from.step(at.get().step());
        boolean sameStep = inFlight.name().equals(to.step(targetStep).name());
        if (!sameStep && inFlight.hasCompensation()) {
            problems.add("step " + inFlight.name() + " is in flight (its command may have run) and has a "
                    + "compensation; version " + migration.to() + " continues in another step, so it would be lost");
        }
        if (!problems.isEmpty()) {
            return rejected(fromState, String.join("; ", problems));
        }
        return reshape(saga, records, fromState, toState, target, sameStep);
    }

    private void checkDone(StepRecord done, String toState, int targetStep, List<String> problems) {
        boolean compensable = from.definition().steps().stream()
                .anyMatch(s -> s.name().equals(done.name()) && s.hasCompensation());
        int k = to.definition().stepNames().indexOf(done.name());
        if (k < 0) {
            if (compensable) {
                problems.add("step " + done.name() + " is done and has a compensation, which version "
                        + migration.to() + " does not have: it would be lost");
            }
        } else if (k >= targetStep) {
            problems.add("step " + done.name() + " is done but comes at or after " + toState + " in version "
                    + migration.to() + ": it would run again, and not be compensated");
        } else if (compensable && !to.step(k).hasCompensation()) {
            problems.add("step " + done.name() + " is done and has a compensation, which it has not in version "
                    + migration.to() + ": it would be lost");
        }
    }

    private Reshaped reshape(SagaRecord saga, Map<String, StepRecord> records, String fromState, String toState,
                             Position target, boolean sameStep) {
        List<StepRecord> steps = new ArrayList<>();
        for (StepDefinition<?> step : to.steps()) {
            steps.add(records.getOrDefault(step.name(), StepRecord.pending(step.name())));
        }
        // the old version's steps the new one has not stay, after its own: a late reply of one is recognised as
        // such (and ignored) instead of being taken for a reply the saga never asked for
        records.values().stream().filter(r -> !to.definition().stepNames().contains(r.name())).forEach(steps::add);
        int index = target.step();
        StepRecord entered = steps.get(index);
        if (entered.requestId() == null) {
            steps.set(index, entered.withRequestId(RequestIds.of(saga.id(), entered.name())));
        }
        boolean parked = saga.status() == SagaStatus.NEEDS_ATTENTION;
        boolean send = !sameStep && !parked;
        SagaStatus status = parked ? SagaStatus.NEEDS_ATTENTION
                : target.kind() == Kind.COMPENSATING ? SagaStatus.COMPENSATING : SagaStatus.RUNNING;
        SagaRecord reshaped = new SagaRecord(saga.id(), saga.type(), saga.definitionVersion(), status,
                parked ? TransitionTable.NEEDS_ATTENTION : toState, parked ? toState : null, saga.data(), steps,
                saga.outcome(), saga.version(), parked ? null : saga.deadlineAt(), saga.startedAt(), saga.updatedAt(),
                saga.progressedAt(), saga.lastError(), saga.pausedAt(), saga.pausedDeadlineAt(), saga.traceparent());
        return new Reshaped(reshaped, migration.to(), send ? index : -1, fromState, toState);
    }

    private static Rejected rejected(String fromState, String detail) {
        return new Rejected(MigrationResult.Outcome.REJECTED, fromState, detail);
    }
}
