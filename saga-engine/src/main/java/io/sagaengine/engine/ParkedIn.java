package io.sagaengine.engine;

import org.springframework.statemachine.StateContext;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.function.Function;

/**
 * The one guard of a saga's state machine model: the saga waits in NEEDS_ATTENTION, parked in {@code state}. A
 * machine built from the model reads the parked state from the event's {@code parked} header; the transition table
 * reads {@code state} when it is compiled, so a guard is a value, not code to run per input.
 */
record ParkedIn(String state) implements Function<StateContext<String, SagaEvent>, Mono<Boolean>> {

    static final String HEADER = "parked";

    ParkedIn {
        Objects.requireNonNull(state, "state");
    }

    @Override
    public Mono<Boolean> apply(StateContext<String, SagaEvent> context) {
        return Mono.just(state.equals(context.getMessageHeader(HEADER)));
    }

    @Override
    public String toString() {
        return "[parked=" + state + "]";
    }
}
