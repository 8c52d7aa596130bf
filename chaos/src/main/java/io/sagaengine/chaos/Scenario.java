package io.sagaengine.chaos;

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

    /** After the common checks. */
    default void check(ScenarioContext context, Evidence evidence, Findings findings) throws Exception {
    }

    /** After the checks: undo what {@link #prepare} changed, so the next scenario finds the stack as it was. */
    default void restore(ScenarioContext context) throws Exception {
    }
}
