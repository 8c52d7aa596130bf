package io.sagaengine.engine;

import org.springframework.statemachine.config.model.MalformedConfigurationException;
import org.springframework.statemachine.config.model.StateData;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.TransitionData;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A saga's transitions, compiled once from its Spring Statemachine model ({@link SagaMachineModel}): the model is
 * checked by {@link SagaModelVerifier} (which runs the library's verifier too), then every transition is written
 * into an immutable table indexed by state and {@link SagaEvent}. A question is two array lookups, and a third for
 * the ways out of NEEDS_ATTENTION, which depend on the state the saga was parked in ({@link ParkedIn}). No state
 * machine is built or driven to answer; the model is the one place the transitions are decided, and a machine the
 * library builds from it answers every question the same way.
 */
final class TransitionTable {

    static final String NEW = "NEW";
    static final String COMPLETED = "COMPLETED";
    static final String COMPENSATED = "COMPENSATED";
    static final String NEEDS_ATTENTION = "NEEDS_ATTENTION";

    private static final SagaEvent[] EVENTS = SagaEvent.values();

    /** The answer for one state and event. */
    private sealed interface Cell permits Always, ByParkedState {
        Optional<String> target(String parkedState);
    }

    private record Always(Optional<String> target) implements Cell {
        @Override
        public Optional<String> target(String parkedState) {
            return target;
        }
    }

    private record ByParkedState(Map<String, Optional<String>> targets) implements Cell {
        @Override
        public Optional<String> target(String parkedState) {
            Optional<String> target = parkedState == null ? null : targets.get(parkedState);
            return target == null ? Optional.empty() : target;
        }
    }

    private static final Cell NONE = new Always(Optional.empty());

    private final String sagaName;
    private final StateMachineModel<String, SagaEvent> model;
    private final Set<String> states;
    private final Map<String, Integer> index;
    private final Cell[][] cells;

    private TransitionTable(String sagaName, StateMachineModel<String, SagaEvent> model) {
        this.sagaName = sagaName;
        this.model = model;
        Set<String> declared = new LinkedHashSet<>();
        Map<String, Integer> positions = new HashMap<>();
        for (StateData<String, SagaEvent> state : model.getStatesData().getStateData()) {
            declared.add(state.getState());
            positions.put(state.getState(), positions.size());
        }
        this.states = Collections.unmodifiableSet(declared);
        this.index = Map.copyOf(positions);
        this.cells = new Cell[declared.size()][EVENTS.length];
        Map<Integer, Map<String, Optional<String>>> guarded = new HashMap<>();
        for (TransitionData<String, SagaEvent> transition : model.getTransitionsData().getTransitions()) {
            int row = positions.get(transition.getSource());
            int column = transition.getEvent().ordinal();
            Optional<String> target = Optional.of(transition.getTarget());
            if (transition.getGuard() instanceof ParkedIn parked) {
                guarded.computeIfAbsent(row * EVENTS.length + column, k -> new HashMap<>())
                        .put(parked.state(), target);
            } else {
                cells[row][column] = new Always(target);
            }
        }
        guarded.forEach((key, targets) ->
                cells[key / EVENTS.length][key % EVENTS.length] = new ByParkedState(Map.copyOf(targets)));
        for (Cell[] row : cells) {
            for (int column = 0; column < row.length; column++) {
                if (row[column] == null) {
                    row[column] = NONE;
                }
            }
        }
    }

    static TransitionTable compile(SagaDefinition<?> definition) {
        return of(definition.name(), new SagaMachineModel(definition).build());
    }

    /**
     * As {@link #compile(SagaDefinition)}: the table keeps no state machines, so there is no pool to size.
     *
     * @param poolSize ignored
     */
    static TransitionTable compile(SagaDefinition<?> definition, int poolSize) {
        return compile(definition);
    }

    /**
     * The table of a model, once {@link SagaModelVerifier} accepted it: the table relies on what it checks, whatever
     * verifier the model itself carries.
     */
    static TransitionTable of(String sagaName, StateMachineModel<String, SagaEvent> model) {
        try {
            new SagaModelVerifier().verify(model);
        } catch (MalformedConfigurationException e) {
            throw new IllegalStateException("cannot compile saga " + sagaName + ": " + e.getMessage(), e);
        }
        return new TransitionTable(sagaName, model);
    }

    /** The model the table was compiled from; a state machine built from it answers as the table does. */
    StateMachineModel<String, SagaEvent> model() {
        return model;
    }

    Set<String> states() {
        return states;
    }

    /**
     * The state {@code event} leads to from {@code state}; empty if the event does not apply there.
     *
     * @param parkedState the parked state while in NEEDS_ATTENTION, else null
     */
    Optional<String> fire(String state, SagaEvent event, String parkedState) {
        Integer row = index.get(state);
        if (row == null) {
            throw new IllegalStateException("saga " + sagaName + " has no state " + state);
        }
        return cells[row][event.ordinal()].target(parkedState);
    }
}
