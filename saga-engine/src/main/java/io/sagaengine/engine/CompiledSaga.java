package io.sagaengine.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A definition with its transition table and what each state means. */
final class CompiledSaga<D> {

    enum Kind { NEW, FORWARD, COMPENSATING, COMPLETED, COMPENSATED, NEEDS_ATTENTION }

    /** What a state means: for FORWARD and COMPENSATING, which step is in flight. */
    record Position(Kind kind, int step) {
    }

    private final SagaDefinition<D> definition;
    private final TransitionTable table;
    private final Map<String, Position> positions = new HashMap<>();

    CompiledSaga(SagaDefinition<D> definition, int poolSize) {
        this.definition = definition;
        this.table = TransitionTable.compile(definition, poolSize);
        positions.put(TransitionTable.NEW, new Position(Kind.NEW, -1));
        positions.put(TransitionTable.COMPLETED, new Position(Kind.COMPLETED, -1));
        positions.put(TransitionTable.COMPENSATED, new Position(Kind.COMPENSATED, -1));
        positions.put(TransitionTable.NEEDS_ATTENTION, new Position(Kind.NEEDS_ATTENTION, -1));
        List<StepDefinition<D>> steps = definition.steps();
        for (int i = 0; i < steps.size(); i++) {
            positions.put(steps.get(i).forwardState(), new Position(Kind.FORWARD, i));
            if (steps.get(i).hasCompensation()) {
                positions.put(steps.get(i).compensatingState(), new Position(Kind.COMPENSATING, i));
            }
        }
    }

    SagaDefinition<D> definition() {
        return definition;
    }

    TransitionTable table() {
        return table;
    }

    List<StepDefinition<D>> steps() {
        return definition.steps();
    }

    StepDefinition<D> step(int index) {
        return definition.steps().get(index);
    }

    /** What {@code state} means in this definition; empty if it has no such state. */
    Optional<Position> find(String state) {
        return Optional.ofNullable(positions.get(state));
    }

    Position position(String state) {
        Position position = positions.get(state);
        if (position == null) {
            throw new IllegalStateException("saga " + definition.name() + " has no state " + state);
        }
        return position;
    }
}
