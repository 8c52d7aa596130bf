package io.sagaengine.engine;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.ObjectStateMachineFactory;
import org.springframework.statemachine.config.model.MalformedConfigurationException;
import org.springframework.statemachine.config.model.StateMachineModel;
import org.springframework.statemachine.config.model.TransitionData;
import org.springframework.statemachine.listener.StateMachineListener;
import org.springframework.statemachine.listener.StateMachineListenerAdapter;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import org.springframework.statemachine.transition.Transition;
import org.springframework.statemachine.transition.TransitionKind;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static io.sagaengine.engine.SagaMachineModel.external;
import static io.sagaengine.engine.SagaMachineModel.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transition table is compiled from a Spring Statemachine model that the model's verifier checked, and answers
 * every question as a machine the library builds from the same model does, without driving one.
 */
class TransitionModelTest {

    @Test
    void everyQuestionIsAnsweredAsAMachineBuiltFromTheModelAnswers() {
        TransitionTable table = TransitionTable.compile(TestSaga.definition());
        StateMachine<String, SagaEvent> machine = new ObjectStateMachineFactory<>(table.model()).getStateMachine();
        List<String> parkedStates = new ArrayList<>(table.states());
        parkedStates.add(null);
        int questions = 0;
        int moves = 0;
        for (String state : table.states()) {
            for (SagaEvent event : SagaEvent.values()) {
                for (String parked : parkedStates) {
                    Optional<String> answer = table.fire(state, event, parked);
                    assertThat(answer).as("%s on %s, parked in %s", state, event, parked)
                            .isEqualTo(machineAnswer(machine, state, event, parked));
                    questions++;
                    moves += answer.isPresent() ? 1 : 0;
                }
            }
        }
        assertThat(questions).isEqualTo(9 * SagaEvent.values().length * 10);
        assertThat(moves).as("questions with a transition").isGreaterThan(50);
    }

    @Test
    void aModelWithTwoWaysOutOnOneEventIsRejectedByItsVerifier() {
        List<TransitionData<String, SagaEvent>> transitions = valid();
        transitions.add(external("a", SagaEvent.STEP_SUCCEEDED, "COMPENSATED", null));
        assertRejected(transitions, "another transition on the same event leaves a");
    }

    @Test
    void aModelWithTwoGuardedWaysOutForOneParkedStateIsRejected() {
        List<TransitionData<String, SagaEvent>> transitions = valid();
        transitions.add(external("NEEDS_ATTENTION", SagaEvent.OPERATOR_RETRY, "a", "a"));
        transitions.add(external("NEEDS_ATTENTION", SagaEvent.OPERATOR_RETRY, "COMPLETED", "a"));
        assertRejected(transitions, "another transition on the same event leaves NEEDS_ATTENTION [parked=a]");
    }

    @Test
    void aModelLeavingAnEndStateIsRejected() {
        List<TransitionData<String, SagaEvent>> transitions = valid();
        transitions.add(external("COMPLETED", SagaEvent.OPERATOR_RETRY, "a", null));
        assertRejected(transitions, "COMPLETED is an end state");
    }

    @Test
    void aModelWithAnUndeclaredOrUnreachableStateIsRejected() {
        List<TransitionData<String, SagaEvent>> toNowhere = valid();
        toNowhere.add(external("a", SagaEvent.STEP_FAILED, "b", null));
        assertRejected(toNowhere, "undeclared state");

        Set<String> withB = states();
        withB.add("b");
        assertThatThrownBy(() -> TransitionTable.of("t", SagaMachineModel.model("t", withB, valid())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("state b cannot be reached from NEW");
    }

    @Test
    void aGuardOtherThanTheParkedStateIsRejected() {
        List<TransitionData<String, SagaEvent>> transitions = valid();
        transitions.add(new TransitionData<>("a", "COMPENSATED", SagaEvent.STEP_FAILED, List.of(),
                context -> Mono.just(true), TransitionKind.EXTERNAL));
        assertRejected(transitions, "the only guard is ParkedIn");
    }

    @Test
    void theLibraryRunsTheSameVerifierWhenItBuildsAMachineFromTheModel() {
        List<TransitionData<String, SagaEvent>> transitions = valid();
        transitions.add(external("COMPLETED", SagaEvent.OPERATOR_RETRY, "a", null));
        StateMachineModel<String, SagaEvent> model = SagaMachineModel.model("t", states(), transitions);
        assertThatThrownBy(() -> new ObjectStateMachineFactory<>(model).getStateMachine())
                .isInstanceOf(MalformedConfigurationException.class)
                .hasMessageContaining("COMPLETED is an end state");
    }

    @Test
    void theSmallestValidModelCompiles() {
        TransitionTable table = TransitionTable.of("t", SagaMachineModel.model("t", states(), valid()));
        assertThat(table.fire("NEW", SagaEvent.START, null)).contains("a");
        assertThat(table.fire("a", SagaEvent.OPERATOR_RETRY, null)).contains("a");
        assertThat(table.fire("NEEDS_ATTENTION", SagaEvent.OPERATOR_RESUME, "a")).contains("a");
        assertThat(table.fire("NEEDS_ATTENTION", SagaEvent.OPERATOR_RESUME, null)).isEmpty();
    }

    /** Where a machine built by the library from the model goes: the target of the transition it takes. */
    private static Optional<String> machineAnswer(StateMachine<String, SagaEvent> machine, String state,
                                                  SagaEvent event, String parked) {
        machine.stopReactively().block();
        machine.getStateMachineAccessor().doWithAllRegions(access -> access.resetStateMachineReactively(
                new DefaultStateMachineContext<>(state, null, null, null, null, "t")).block());
        machine.startReactively().block();
        AtomicReference<String> taken = new AtomicReference<>();
        StateMachineListener<String, SagaEvent> listener = new StateMachineListenerAdapter<>() {
            @Override
            public void transition(Transition<String, SagaEvent> transition) {
                if (transition.getKind() != TransitionKind.INITIAL) {
                    taken.set(transition.getTarget().getId());
                }
            }
        };
        machine.addStateListener(listener);
        try {
            MessageBuilder<SagaEvent> message = MessageBuilder.withPayload(event);
            if (parked != null) {
                message.setHeader(ParkedIn.HEADER, parked);
            }
            machine.sendEvent(Mono.just(message.build())).blockLast();
        } finally {
            machine.removeStateListener(listener);
        }
        if (taken.get() == null) {
            assertThat(machine.getState().getId()).as("where the machine is after %s", event).isEqualTo(state);
            return Optional.empty();
        }
        assertThat(machine.getState().getId()).isEqualTo(taken.get());
        return Optional.of(taken.get());
    }

    private static void assertRejected(List<TransitionData<String, SagaEvent>> transitions, String reason) {
        StateMachineModel<String, SagaEvent> model = SagaMachineModel.model("t", states(), transitions);
        assertThatThrownBy(() -> TransitionTable.of("t", model))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot compile saga t")
                .hasRootCauseInstanceOf(MalformedConfigurationException.class)
                .hasMessageContaining(reason);
    }

    private static Set<String> states() {
        return new LinkedHashSet<>(List.of("NEW", "COMPLETED", "COMPENSATED", "NEEDS_ATTENTION", "a"));
    }

    /** One step a, no compensation: the smallest model the verifier accepts. */
    private static List<TransitionData<String, SagaEvent>> valid() {
        List<TransitionData<String, SagaEvent>> transitions = new ArrayList<>();
        transitions.add(external("NEW", SagaEvent.START, "a", null));
        transitions.add(external("a", SagaEvent.STEP_SUCCEEDED, "COMPLETED", null));
        transitions.add(external("a", SagaEvent.STEP_TIMED_OUT, "COMPENSATED", null));
        transitions.add(external("a", SagaEvent.PARK, "NEEDS_ATTENTION", null));
        transitions.add(internal("a", SagaEvent.OPERATOR_RETRY));
        transitions.add(external("NEEDS_ATTENTION", SagaEvent.OPERATOR_RESUME, "a", "a"));
        return transitions;
    }
}
