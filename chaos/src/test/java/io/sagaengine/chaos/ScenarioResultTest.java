package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioResultTest {

    @Test
    void theResultLineCarriesStuckAfterTheViolationsAndRefusedLastAndKeepsTheOtherFieldsInTheirOrder() {
        ScenarioResult result = new ScenarioResult("slot-lost", 7, 412, 2, 3, List.of("I1 order o1 is still PENDING"),
                List.of(), 1, 12.34, 5);

        assertThat(result.resultLine()).isEqualTo("RESULT chaos scenario=slot-lost sagas=412 faults=2 "
                + "duplicates_delivered=3 spurious_cancellations=0 invariant_violations=1 stuck=1 recovery_s=12.3 "
                + "refused=5");
    }

    @Test
    void aStuckOrderFailsTheScenario() {
        assertThat(new ScenarioResult("s", 1, 10, 1, 0, List.of(), List.of(), 0, 1, 0).passed()).isTrue();
        assertThat(new ScenarioResult("s", 1, 10, 1, 0, List.of(), List.of(), 1, 1, 0).passed()).isFalse();
    }
}
