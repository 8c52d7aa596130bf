package io.sagaengine.engine;

import org.springframework.statemachine.config.model.ConfigurationData;
import org.springframework.statemachine.config.model.DefaultStateMachineModel;
import org.springframework.statemachine.config.model.StateData;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.StateMachineModelFactory;
import org.springframework.statemachine.config.model.StatesData;
import org.springframework.statemachine.config.model.TransitionData;
import org.springframework.statemachine.config.model.TransitionsData;
import org.springframework.statemachine.config.model.verifier.StateMachineModelVerifier;
import org.springframework.statemachine.transition.TransitionKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.sagaengine.engine.TransitionTable.COMPENSATED;
import static io.sagaengine.engine.TransitionTable.COMPLETED;
import static io.sagaengine.engine.TransitionTable.NEEDS_ATTENTION;
import static io.sagaengine.engine.TransitionTable.NEW;

/**
 * A saga definition as a Spring Statemachine model: its states (NEW first, COMPLETED, COMPENSATED,
 * NEEDS_ATTENTION, each step and each compensation) and its transitions, each with a source, a target, an event and
 * at most one guard, {@link ParkedIn}. The model carries {@link SagaModelVerifier}, so a machine the library builds
 * from it checks it the same way the transition table does.
 *
 * <p>NEEDS_ATTENTION remembers the state it was parked in. Its ways out are guarded by that state: a late reply that
 * would have moved the parked state moves the saga from NEEDS_ATTENTION the same way; retry and resume go back to
 * the parked state.
 */
final class SagaMachineModel implements StateMachineModelFactory<String, SagaEvent> {

    private final SagaDefinition<?> definition;

    SagaMachineModel(SagaDefinition<?> definition) {
        this.definition = definition;
    }

    @Override
    public StateMachineModel<String, SagaEvent> build() {
        return build(definition.name());
    }

    @Override
    public StateMachineModel<String, SagaEvent> build(String machineId) {
        List<? extends StepDefinition<?>> steps = definition.steps();
        Set<String> states = new LinkedHashSet<>(List.of(NEW, COMPLETED, COMPENSATED, NEEDS_ATTENTION));
        List<TransitionData<String, SagaEvent>> transitions = new ArrayList<>();
        List<TransitionData<String, SagaEvent>> parkable = new ArrayList<>();
        transitions.add(external(NEW, SagaEvent.START, steps.get(0).forwardState(), null));
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition<?> step = steps.get(i);
            String forward = step.forwardState();
            String back = compensationBefore(steps, i);
            String next = i + 1 < steps.size() ? steps.get(i + 1).forwardState() : COMPLETED;
            String abandon = step.hasCompensation() ? step.compensatingState() : back;
            states.add(forward);
            parkable.add(external(forward, SagaEvent.STEP_SUCCEEDED, next, null));
            parkable.add(external(forward, SagaEvent.STEP_FAILED, back, null));
            parkable.add(external(forward, SagaEvent.OPERATOR_COMPENSATE, abandon, null));
            transitions.add(external(forward, SagaEvent.STEP_TIMED_OUT, abandon, null));
            transitions.add(external(forward, SagaEvent.PARK, NEEDS_ATTENTION, null));
            transitions.add(internal(forward, SagaEvent.OPERATOR_RETRY));
            if (step.hasCompensation()) {
                String compensating = step.compensatingState();
                states.add(compensating);
                parkable.add(external(compensating, SagaEvent.COMPENSATED, back, null));
                transitions.add(external(compensating, SagaEvent.COMPENSATION_FAILED, NEEDS_ATTENTION, null));
                transitions.add(external(compensating, SagaEvent.PARK, NEEDS_ATTENTION, null));
                transitions.add(internal(compensating, SagaEvent.OPERATOR_RETRY));
            }
        }
        transitions.addAll(parkable);
        for (TransitionData<String, SagaEvent> way : parkable) {
            transitions.add(external(NEEDS_ATTENTION, way.getEvent(), way.getTarget(), way.getSource()));
        }
        transitions.add(internal(NEEDS_ATTENTION, SagaEvent.PARK));
        for (String state : states) {
            if (isActive(state)) {
                transitions.add(external(NEEDS_ATTENTION, SagaEvent.OPERATOR_RETRY, state, state));
                transitions.add(external(NEEDS_ATTENTION, SagaEvent.OPERATOR_RESUME, state, state));
            }
        }
        return model(machineId, states, transitions);
    }

    /** A model of {@code states} (the first is the initial one) and {@code transitions}, checked when verified. */
    static StateMachineModel<String, SagaEvent> model(String machineId, Set<String> states,
                                                      List<TransitionData<String, SagaEvent>> transitions) {
        List<StateData<String, SagaEvent>> stateData = new ArrayList<>();
        boolean first = true;
        for (String state : states) {
            stateData.add(new StateData<>(state, first));
            first = false;
        }
        return new DefaultStateMachineModel<>(new Configuration(machineId), new StatesData<>(stateData),
                new TransitionsData<>(transitions));
    }

    /** The library's defaults (no auto-start, no security), with this machine's id and the saga verifier. */
    private static final class Configuration extends ConfigurationData<String, SagaEvent> {
        private final String machineId;
        private final SagaModelVerifier verifier = new SagaModelVerifier();

        Configuration(String machineId) {
            this.machineId = machineId;
        }

        @Override
        public String getMachineId() {
            return machineId;
        }

        @Override
        public boolean isVerifierEnabled() {
            return true;
        }

        @Override
        public StateMachineModelVerifier<String, SagaEvent> getVerifier() {
            return verifier;
        }
    }

    static TransitionData<String, SagaEvent> external(String source, SagaEvent event, String target, String parked) {
        return new TransitionData<>(source, target, event, List.of(), parked == null ? null : new ParkedIn(parked),
                TransitionKind.EXTERNAL);
    }

    /** Stays in {@code state} without leaving it: a retry re-sends, PARK while parked changes nothing. */
    static TransitionData<String, SagaEvent> internal(String state, SagaEvent event) {
        return new TransitionData<>(state, state, event, List.of(), null, TransitionKind.INTERNAL);
    }

    /** Where compensation goes after step {@code index}: the closest earlier step that has one, else done. */
    private static String compensationBefore(List<? extends StepDefinition<?>> steps, int index) {
        for (int j = index - 1; j >= 0; j--) {
            if (steps.get(j).hasCompensation()) {
                return steps.get(j).compensatingState();
            }
        }
        return COMPENSATED;
    }

    static boolean isActive(String state) {
        return !state.equals(NEW) && !state.equals(COMPLETED) && !state.equals(COMPENSATED)
                && !state.equals(NEEDS_ATTENTION);
    }
}
