package io.sagaengine.service.participant.requests;

import java.util.function.Function;
import java.util.function.Supplier;

/** The answer to a forward command: the outcome decided for its requestId (now or before), or none at all. */
public sealed interface Forwarded<O> {

    /** The reply: built from the recorded outcome, or the one for a forward command that came too late. */
    <R> R reply(Function<? super O, ? extends R> fromOutcome, Supplier<? extends R> whenAlreadyCompensated);

    /** The forward command ran, now or on an earlier delivery; {@code outcome} is what it decided then. */
    record Executed<O>(O outcome) implements Forwarded<O> {

        @Override
        public <R> R reply(Function<? super O, ? extends R> fromOutcome, Supplier<? extends R> whenAlreadyCompensated) {
            return fromOutcome.apply(outcome);
        }
    }

    /** The compensation of this requestId came first: the forward command did not run and never will. */
    record CompensatedBeforeExecution<O>() implements Forwarded<O> {

        @Override
        public <R> R reply(Function<? super O, ? extends R> fromOutcome, Supplier<? extends R> whenAlreadyCompensated) {
            return whenAlreadyCompensated.get();
        }
    }
}
