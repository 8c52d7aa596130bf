package io.sagaengine.engine;

import org.springframework.statemachine.config.model.MalformedConfigurationException;
import org.springframework.statemachine.config.model.StateData;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.TransitionData;
import org.springframework.statemachine.config.model.verifier.DefaultStateMachineModelVerifier;
import org.springframework.statemachine.config.model.verifier.StateMachineModelVerifier;
import org.springframework.statemachine.transition.TransitionKind;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a saga's state machine model before anything is derived from it: the library's own checks (an initial
 * state, at least one transition), then what makes the model a table: flat states with distinct names, every
 * transition between declared states on an event with no timer and no action, a guard only of the form
 * {@link ParkedIn} naming a declared state, never two transitions that could both fire for the same state, event
 * and parked state, no way out of COMPLETED or COMPENSATED, and every state reachable from the initial one.
 */
final class SagaModelVerifier implements StateMachineModelVerifier<String, SagaEvent> {

    /**
     * A saga ends there. Not marked as end states in the model: a machine the library builds from it would complete
     * when it enters one, and the engine keeps its state, not a machine.
     */
    private static final Set<String> ENDS = Set.of(TransitionTable.COMPLETED, TransitionTable.COMPENSATED);

    private final StateMachineModelVerifier<String, SagaEvent> library = new DefaultStateMachineModelVerifier<>();

    @Override
    public void verify(StateMachineModel<String, SagaEvent> model) {
        library.verify(model);
        Set<String> states = new LinkedHashSet<>();
        String initial = null;
        for (StateData<String, SagaEvent> state : model.getStatesData().getStateData()) {
            if (state.getParent() != null || state.getRegion() != null || state.getPseudoStateKind() != null
                    && !state.isInitial() || state.getSubmachine() != null || state.getSubmachineFactory() != null) {
                throw malformed("state " + state.getState() + " is not a plain state");
            }
            if (!states.add(state.getState())) {
                throw malformed("state " + state.getState() + " is declared twice");
            }
            if (state.isInitial()) {
                if (initial != null) {
                    throw malformed("two initial states: " + initial + " and " + state.getState());
                }
                initial = state.getState();
            }
        }
        Map<String, Set<String>> next = new HashMap<>();
        Map<Way, Set<String>> guards = new HashMap<>();
        Set<Way> unguarded = new HashSet<>();
        for (TransitionData<String, SagaEvent> transition : model.getTransitionsData().getTransitions()) {
            String source = transition.getSource();
            String target = transition.getTarget();
            String what = source + " --" + transition.getEvent() + "--> " + target;
            if (!states.contains(source) || !states.contains(target)) {
                throw malformed(what + ": leads from or to an undeclared state");
            }
            if (transition.getEvent() == null || transition.getPeriod() != null || transition.getCount() != null) {
                throw malformed(what + ": a transition is fired by an event, never by a timer");
            }
            if (transition.getKind() != TransitionKind.EXTERNAL
                    && !(transition.getKind() == TransitionKind.INTERNAL && source.equals(target))) {
                throw malformed(what + ": only external transitions, and internal ones staying in their state");
            }
            if (transition.getActions() != null && !transition.getActions().isEmpty()) {
                throw malformed(what + ": the engine acts on the state it arrives in, not on transition actions");
            }
            if (ENDS.contains(source)) {
                throw malformed(what + ": " + source + " is an end state");
            }
            Way way = new Way(source, transition.getEvent());
            if (transition.getGuard() == null) {
                if (!unguarded.add(way) || guards.containsKey(way)) {
                    throw malformed(what + ": another transition on the same event leaves " + source);
                }
            } else if (transition.getGuard() instanceof ParkedIn parked) {
                if (!states.contains(parked.state())) {
                    throw malformed(what + ": guarded by undeclared state " + parked.state());
                }
                if (unguarded.contains(way) || !guards.computeIfAbsent(way, w -> new HashSet<>()).add(parked.state())) {
                    throw malformed(what + ": another transition on the same event leaves " + source + " "
                            + parked);
                }
            } else {
                throw malformed(what + ": the only guard is ParkedIn, was " + transition.getGuard());
            }
            next.computeIfAbsent(source, s -> new HashSet<>()).add(target);
        }
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(initial);
        while (!todo.isEmpty()) {
            String state = todo.poll();
            if (reached.add(state)) {
                todo.addAll(next.getOrDefault(state, Set.of()));
            }
        }
        for (String state : states) {
            if (!reached.contains(state)) {
                throw malformed("state " + state + " cannot be reached from " + initial);
            }
        }
    }

    private static MalformedConfigurationException malformed(String message) {
        return new MalformedConfigurationException(message);
    }

    private record Way(String source, SagaEvent event) {
    }
}
