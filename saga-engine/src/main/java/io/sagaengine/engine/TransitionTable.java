package io.sagaengine.engine;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.action.Action;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A saga definition compiled into a Spring Statemachine, used only as a transition table: a machine (from a small
 * pool) is reset to a state, sent the event, and asked where it went. No machine lives on per saga and none of the
 * library's persisters are used; the engine persists the state. Where an event leads depends on nothing but the
 * state, the event and the parked state, so the machine is asked once per such combination and its answer is
 * remembered: the hot path is a map lookup, and the state machine stays the one place the transitions are decided.
 *
 * <p>NEEDS_ATTENTION remembers the state it was parked in ({@code parked} header). Its ways out are guarded by
 * that state: a late reply that would have moved the parked state moves the saga from NEEDS_ATTENTION the same
 * way; retry and resume go back to the parked state.
 */
final class TransitionTable {

    static final String NEW = "NEW";
    static final String COMPLETED = "COMPLETED";
    static final String COMPENSATED = "COMPENSATED";
    static final String NEEDS_ATTENTION = "NEEDS_ATTENTION";

    private static final String PARKED_HEADER = "parked";
    private static final String FIRED = "fired";

    /** One transition: {@code source --event [parked == parkedGuard]--> target}. */
    record Rule(String source, SagaEvent event, String target, String parkedGuard) {
        boolean internal() {
            return source.equals(target) && parkedGuard == null;
        }

        @Override
        public String toString() {
            return source + " --" + event + (parkedGuard == null ? "" : " [parked=" + parkedGuard + "]") + "--> " + target;
        }
    }

    private final String sagaName;
    private final Set<String> states;
    private final List<Rule> rules;
    private final BlockingQueue<StateMachine<String, SagaEvent>> pool;
    private final Map<Question, Optional<String>> answers = new ConcurrentHashMap<>();

    /** What the machine is asked: where {@code event} leads from {@code state} (parked in {@code parkedState}). */
    private record Question(String state, SagaEvent event, String parkedState) {
    }

    private TransitionTable(String sagaName, Set<String> states, List<Rule> rules, int poolSize) {
        this.sagaName = sagaName;
        this.states = Collections.unmodifiableSet(states);
        this.rules = List.copyOf(rules);
        this.pool = new ArrayBlockingQueue<>(Math.max(1, poolSize));
        pool.offer(build()); // fail fast on a table the library rejects
    }

    static TransitionTable compile(SagaDefinition<?> definition, int poolSize) {
        List<? extends StepDefinition<?>> steps = definition.steps();
        Set<String> states = new LinkedHashSet<>(List.of(NEW, COMPLETED, COMPENSATED, NEEDS_ATTENTION));
        List<Rule> rules = new ArrayList<>();
        List<Rule> parkable = new ArrayList<>();
        rules.add(new Rule(NEW, SagaEvent.START, steps.get(0).forwardState(), null));
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition<?> step = steps.get(i);
            String forward = step.forwardState();
            String back = compensationBefore(steps, i);
            String next = i + 1 < steps.size() ? steps.get(i + 1).forwardState() : COMPLETED;
            String abandon = step.hasCompensation() ? step.compensatingState() : back;
            states.add(forward);
            parkable.add(new Rule(forward, SagaEvent.STEP_SUCCEEDED, next, null));
            parkable.add(new Rule(forward, SagaEvent.STEP_FAILED, back, null));
            parkable.add(new Rule(forward, SagaEvent.OPERATOR_COMPENSATE, abandon, null));
            rules.add(new Rule(forward, SagaEvent.STEP_TIMED_OUT, abandon, null));
            rules.add(new Rule(forward, SagaEvent.PARK, NEEDS_ATTENTION, null));
            rules.add(new Rule(forward, SagaEvent.OPERATOR_RETRY, forward, null));
            if (step.hasCompensation()) {
                String compensating = step.compensatingState();
                states.add(compensating);
                parkable.add(new Rule(compensating, SagaEvent.COMPENSATED, back, null));
                rules.add(new Rule(compensating, SagaEvent.COMPENSATION_FAILED, NEEDS_ATTENTION, null));
                rules.add(new Rule(compensating, SagaEvent.PARK, NEEDS_ATTENTION, null));
                rules.add(new Rule(compensating, SagaEvent.OPERATOR_RETRY, compensating, null));
            }
        }
        rules.addAll(parkable);
        for (Rule rule : parkable) {
            rules.add(new Rule(NEEDS_ATTENTION, rule.event(), rule.target(), rule.source()));
        }
        rules.add(new Rule(NEEDS_ATTENTION, SagaEvent.PARK, NEEDS_ATTENTION, null));
        for (String state : states) {
            if (isActive(state)) {
                rules.add(new Rule(NEEDS_ATTENTION, SagaEvent.OPERATOR_RETRY, state, state));
                rules.add(new Rule(NEEDS_ATTENTION, SagaEvent.OPERATOR_RESUME, state, state));
            }
        }
        return new TransitionTable(definition.name(), states, rules, poolSize);
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

    private static boolean isActive(String state) {
        return !state.equals(NEW) && !state.equals(COMPLETED) && !state.equals(COMPENSATED)
                && !state.equals(NEEDS_ATTENTION);
    }

    Set<String> states() {
        return states;
    }

    List<Rule> rules() {
        return rules;
    }

    /**
     * The state {@code event} leads to from {@code state}; empty if the event does not apply there.
     *
     * @param parkedState the parked state while in NEEDS_ATTENTION, else null
     */
    Optional<String> fire(String state, SagaEvent event, String parkedState) {
        if (!states.contains(state)) {
            throw new IllegalStateException("saga " + sagaName + " has no state " + state);
        }
        return answers.computeIfAbsent(new Question(state, event, parkedState), this::ask);
    }

    private Optional<String> ask(Question question) {
        String state = question.state();
        SagaEvent event = question.event();
        String parkedState = question.parkedState();
        StateMachine<String, SagaEvent> machine = borrow();
        try {
            machine.getStateMachineAccessor().doWithAllRegions(access -> access.resetStateMachineReactively(
                    new DefaultStateMachineContext<>(state, null, null, null, null, sagaName)).block());
            machine.getExtendedState().getVariables().clear();
            machine.startReactively().block();
            MessageBuilder<SagaEvent> message = MessageBuilder.withPayload(event);
            if (parkedState != null) {
                message.setHeader(PARKED_HEADER, parkedState);
            }
            Message<SagaEvent> built = message.build();
            machine.sendEvent(Mono.just(built)).blockLast();
            String fired = (String) machine.getExtendedState().getVariables().get(FIRED);
            if (fired != null && !fired.equals(machine.getState().getId())) {
                throw new IllegalStateException("transition to " + fired + " left the machine in "
                        + machine.getState().getId());
            }
            return Optional.ofNullable(fired);
        } finally {
            machine.stopReactively().block();
            pool.offer(machine);
        }
    }

    private StateMachine<String, SagaEvent> borrow() {
        StateMachine<String, SagaEvent> machine = pool.poll();
        return machine != null ? machine : build();
    }

    private StateMachine<String, SagaEvent> build() {
        try {
            StateMachineBuilder.Builder<String, SagaEvent> builder = StateMachineBuilder.builder();
            builder.configureConfiguration().withConfiguration().autoStartup(false).machineId(sagaName);
            builder.configureStates().withStates().initial(NEW).states(new LinkedHashSet<>(states));
            StateMachineTransitionConfigurer<String, SagaEvent> transitions = builder.configureTransitions();
            for (Rule rule : rules) {
                Action<String, SagaEvent> record = context -> context.getExtendedState().getVariables()
                        .put(FIRED, rule.target());
                if (rule.internal()) {
                    transitions.withInternal().source(rule.source()).event(rule.event()).action(record);
                } else if (rule.parkedGuard() == null) {
                    transitions.withExternal().source(rule.source()).target(rule.target()).event(rule.event())
                            .action(record);
                } else {
                    String guard = rule.parkedGuard();
                    transitions.withExternal().source(rule.source()).target(rule.target()).event(rule.event())
                            .guard(context -> Objects.equals(guard, context.getMessageHeader(PARKED_HEADER)))
                            .action(record);
                }
            }
            return builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot compile saga " + sagaName + " into a state machine", e);
        }
    }
}
