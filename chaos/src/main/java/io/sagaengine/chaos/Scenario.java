package io.sagaengine.chaos;

import java.util.Set;

/**
 * One chaos scenario: the faults it injects while the workload runs, and any checks of its own on top of
 * the invariants every scenario checks.
 */
interface Scenario {

    String name();

    /** Whether its faults are crashes (kills), after which relays re-send what they had not yet marked sent. */
    default boolean crashes() {
        return false;
    }

    /** Before the load starts. */
    default void prepare(ScenarioContext context) throws Exception {
    }

    /** While the load runs: inject every fault, heal it, and return once the last one healed. */
    void inject(ScenarioContext context) throws Exception;

    /**
     * Outbox message ids whose loss the scenario's operator accepted (rows committed while a replication slot
     * was lost): the checks do not wait for them nor count them as undelivered. Asked once the orders settled.
     */
    default Set<String> acceptedLosses(ScenarioContext context) throws Exception {
        return Set.of();
    }

    /** After the common checks. */
    default void check(ScenarioContext context, Evidence evidence, Findings findings) throws Exception {
    }

    /** After the checks: undo what {@link #prepare} changed, so the next scenario finds the stack as it was. */
    default void restore(ScenarioContext context) throws Exception {
    }
}
