package io.sagaengine.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deadlines and retries stated once for a saga's steps, with a step's own settings winning. */
class StepDefaultsTest {

    private static final RetryPolicy STEP = RetryPolicy.exponential(4, Duration.ofSeconds(1), Duration.ofSeconds(8));
    private static final RetryPolicy COMPENSATION =
            RetryPolicy.exponential(9, Duration.ofSeconds(2), Duration.ofSeconds(30));

    private static SagaDefinition.StepBuilder<String> compensable(SagaDefinition.StepBuilder<String> step) {
        return step.invoke((d, r) -> "do").withCompensation((d, r) -> "undo").onSuccess(Integer.class)
                .compensatedBy(Long.class);
    }

    @Test
    void everyStepThatSetsNothingGetsTheSagasDefaultsTheCompensationDeadlineIncluded() {
        SagaDefinition<String> saga = compensable(compensable(SagaDefinition.named("s", String.class)
                .defaults(Duration.ofSeconds(7), STEP, Duration.ofSeconds(20), COMPENSATION)
                .step("a")).step("b")).build();
        for (StepDefinition<String> step : saga.steps()) {
            assertThat(step.deadline()).as(step.name()).isEqualTo(Duration.ofSeconds(7));
            assertThat(step.retry()).as(step.name()).isEqualTo(STEP);
            assertThat(step.compensationDeadline()).as(step.name()).isEqualTo(Duration.ofSeconds(20));
            assertThat(step.compensationRetry()).as(step.name()).isEqualTo(COMPENSATION);
        }
    }

    @Test
    void aStepsOwnSettingsWinOverTheDefaults() {
        SagaDefinition<String> saga = compensable(compensable(SagaDefinition.named("s", String.class)
                .defaults(Duration.ofSeconds(7), STEP, Duration.ofSeconds(20), COMPENSATION)
                .step("a")).deadline(Duration.ofSeconds(3)).retry(RetryPolicy.once())
                .compensationDeadline(Duration.ofSeconds(4)).compensationRetry(RetryPolicy.once())
                .step("b")).deadline(Duration.ofSeconds(5)).build();
        StepDefinition<String> a = saga.steps().get(0);
        assertThat(a.deadline()).isEqualTo(Duration.ofSeconds(3));
        assertThat(a.retry()).isEqualTo(RetryPolicy.once());
        assertThat(a.compensationDeadline()).isEqualTo(Duration.ofSeconds(4));
        assertThat(a.compensationRetry()).isEqualTo(RetryPolicy.once());
        StepDefinition<String> b = saga.steps().get(1);
        assertThat(b.deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.retry()).isEqualTo(STEP);
        assertThat(b.compensationDeadline()).as("the saga's compensation deadline, not the step's deadline")
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(b.compensationRetry()).isEqualTo(COMPENSATION);
    }

    @Test
    void withoutADefaultCompensationDeadlineACompensationWaitsAsLongAsItsStep() {
        SagaDefinition<String> saga = compensable(compensable(SagaDefinition.named("s", String.class)
                .defaults(Duration.ofSeconds(7), STEP, COMPENSATION)
                .step("a")).step("b")).deadline(Duration.ofSeconds(5)).build();
        assertThat(saga.steps().get(0).compensationDeadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(saga.steps().get(1).compensationDeadline()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aDefaultCompensationDeadlineMustBePositive() {
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class)
                .defaults(Duration.ofSeconds(7), STEP, Duration.ZERO, COMPENSATION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compensationDeadline");
    }
}
