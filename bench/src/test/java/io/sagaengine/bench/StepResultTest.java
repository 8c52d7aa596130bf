package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepResultTest {

    @Test
    void aRateAtWhichOrdersWereRefusedIsNotSustainedHoweverFastTheRestFinished() {
        SagaBench.StepResult clean = new SagaBench.StepResult(40, 40, 100, 300, 500, 20, 0, 0, 0);
        SagaBench.StepResult refusing = new SagaBench.StepResult(40, 40, 100, 300, 500, 20, 0, 0, 3);

        assertThat(clean.sustained(1000, 0.03)).isTrue();
        assertThat(refusing.sustained(1000, 0.03)).isFalse();
        assertThat(refusing.fields()).endsWith("errors=0 invariant_violations=0 refused=3");
    }
}
