package io.sagaengine.engine;

/** Folds a step's success reply into the saga's data; returns the new data (records: a changed copy). */
@FunctionalInterface
public interface SagaReplyHandler<D, R> {

    D apply(D data, R reply);
}
