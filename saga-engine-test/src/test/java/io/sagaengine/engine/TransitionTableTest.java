package io.sagaengine.engine;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.sagaengine.engine.SagaEvent.COMPENSATED;
import static io.sagaengine.engine.SagaEvent.COMPENSATION_FAILED;
import static io.sagaengine.engine.SagaEvent.OPERATOR_COMPENSATE;
import static io.sagaengine.engine.SagaEvent.OPERATOR_RESUME;
import static io.sagaengine.engine.SagaEvent.OPERATOR_RETRY;
import static io.sagaengine.engine.SagaEvent.PARK;
import static io.sagaengine.engine.SagaEvent.START;
import static io.sagaengine.engine.SagaEvent.STEP_FAILED;
import static io.sagaengine.engine.SagaEvent.STEP_SUCCEEDED;
import static io.sagaengine.engine.SagaEvent.STEP_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test saga (a compensable, b not, c compensable) compiled into the state machine. */
class TransitionTableTest {

    private final TransitionTable table = TransitionTable.compile(TestSaga.definition(), 2);

    private Optional<String> fire(String state, SagaEvent event) {
        return table.fire(state, event, null);
    }

    @Test
    void theStatesAreTheStepsTheirCompensationsAndTheEnds() {
        assertThat(table.states()).containsExactlyInAnyOrder("NEW", "COMPLETED", "COMPENSATED", "NEEDS_ATTENTION",
                "a", "a.compensating", "b", "c", "c.compensating");
    }

    @Test
    void forwardRunsTheStepsInOrder() {
        assertThat(fire("NEW", START)).contains("a");
        assertThat(fire("a", STEP_SUCCEEDED)).contains("b");
        assertThat(fire("b", STEP_SUCCEEDED)).contains("c");
        assertThat(fire("c", STEP_SUCCEEDED)).contains("COMPLETED");
    }

    @Test
    void aFailureCompensatesTheEarlierCompensableStepsNewestFirst() {
        assertThat(fire("a", STEP_FAILED)).contains("COMPENSATED");
        assertThat(fire("b", STEP_FAILED)).contains("a.compensating");
        assertThat(fire("c", STEP_FAILED)).as("b has no compensation").contains("a.compensating");
        assertThat(fire("c.compensating", COMPENSATED)).contains("a.compensating");
        assertThat(fire("a.compensating", COMPENSATED)).contains("COMPENSATED");
    }

    @Test
    void aTimeoutCompensatesTheTimedOutStepItselfFirstWhenItCan() {
        assertThat(fire("a", STEP_TIMED_OUT)).contains("a.compensating");
        assertThat(fire("b", STEP_TIMED_OUT)).contains("a.compensating");
        assertThat(fire("c", STEP_TIMED_OUT)).contains("c.compensating");
        assertThat(fire("c", OPERATOR_COMPENSATE)).contains("c.compensating");
    }

    @Test
    void spentCompensationsAndFailuresPark() {
        assertThat(fire("c.compensating", COMPENSATION_FAILED)).contains("NEEDS_ATTENTION");
        assertThat(fire("b", PARK)).contains("NEEDS_ATTENTION");
        assertThat(fire("NEEDS_ATTENTION", PARK)).contains("NEEDS_ATTENTION");
    }

    @Test
    void theWaysOutOfNeedsAttentionDependOnTheParkedState() {
        assertThat(table.fire("NEEDS_ATTENTION", COMPENSATED, "c.compensating")).contains("a.compensating");
        assertThat(table.fire("NEEDS_ATTENTION", COMPENSATED, "b")).isEmpty();
        assertThat(table.fire("NEEDS_ATTENTION", STEP_SUCCEEDED, "b")).contains("c");
        assertThat(table.fire("NEEDS_ATTENTION", OPERATOR_RETRY, "c.compensating")).contains("c.compensating");
        assertThat(table.fire("NEEDS_ATTENTION", OPERATOR_RESUME, "b")).contains("b");
        assertThat(table.fire("NEEDS_ATTENTION", OPERATOR_COMPENSATE, "b")).contains("a.compensating");
        assertThat(table.fire("NEEDS_ATTENTION", OPERATOR_COMPENSATE, "a.compensating")).isEmpty();
        assertThat(table.fire("NEEDS_ATTENTION", STEP_TIMED_OUT, "b")).as("nothing times out while parked").isEmpty();
    }

    @Test
    void inputsThatDoNotApplyFindNoTransition() {
        assertThat(fire("COMPLETED", STEP_SUCCEEDED)).isEmpty();
        assertThat(fire("COMPENSATED", OPERATOR_RETRY)).isEmpty();
        assertThat(fire("a", COMPENSATED)).isEmpty();
        assertThat(fire("a.compensating", STEP_SUCCEEDED)).isEmpty();
        assertThat(fire("a.compensating", OPERATOR_COMPENSATE)).isEmpty();
        assertThat(fire("b", OPERATOR_RESUME)).as("resume is only for parked sagas").isEmpty();
        assertThat(fire("b", OPERATOR_RETRY)).contains("b");
    }

    @Test
    void anUnknownStateIsAnError() {
        assertThatThrownBy(() -> fire("b.compensating", COMPENSATED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pooledMachinesDoNotLeakStateBetweenInputs() {
        for (int i = 0; i < 20; i++) {
            assertThat(fire("a", STEP_SUCCEEDED)).contains("b");
            assertThat(fire("COMPLETED", STEP_SUCCEEDED)).isEmpty();
            assertThat(table.fire("NEEDS_ATTENTION", OPERATOR_RETRY, "a")).contains("a");
            assertThat(table.fire("NEEDS_ATTENTION", OPERATOR_RETRY, null)).isEmpty();
        }
    }
}
