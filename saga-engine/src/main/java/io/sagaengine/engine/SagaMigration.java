package io.sagaengine.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An operator's move of sagas of one type from one version of its definition to another, with an explicit mapping
 * of states: each state of version {@code from} a saga may be in (a step name, {@code <step>.compensating}; for a
 * saga NEEDS_ATTENTION, the state it was parked in) to the state of version {@code to} it continues in. A forward
 * state maps to a forward state; a compensating state to the same step's compensating state.
 *
 * @param states state of version {@code from} to state of version {@code to}
 */
public record SagaMigration(String type, int from, int to, Map<String, String> states) {

    public SagaMigration {
        Objects.requireNonNull(type, "type");
        states = Map.copyOf(Objects.requireNonNull(states, "states"));
    }

    /** A mapping to build a state at a time. */
    public static Builder of(String type, int from, int to) {
        return new Builder(type, from, to);
    }

    public static final class Builder {
        private final String type;
        private final int from;
        private final int to;
        private final Map<String, String> states = new LinkedHashMap<>();

        private Builder(String type, int from, int to) {
            this.type = type;
            this.from = from;
            this.to = to;
        }

        /** A saga in {@code fromState} continues in {@code toState}. */
        public Builder map(String fromState, String toState) {
            if (states.putIfAbsent(Objects.requireNonNull(fromState, "fromState"),
                    Objects.requireNonNull(toState, "toState")) != null) {
                throw new IllegalArgumentException("state " + fromState + " is mapped twice");
            }
            return this;
        }

        public SagaMigration build() {
            return new SagaMigration(type, from, to, states);
        }
    }
}
