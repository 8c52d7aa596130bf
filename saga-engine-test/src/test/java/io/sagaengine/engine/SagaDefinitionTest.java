package io.sagaengine.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SagaDefinitionTest {

    @Test
    void readsTopToBottom() {
        SagaDefinition<TestSaga.Data> saga = TestSaga.definition();
        assertThat(saga.name()).isEqualTo("test");
        assertThat(saga.stepNames()).containsExactly("a", "b", "c");
        StepDefinition<TestSaga.Data> a = saga.steps().get(0);
        assertThat(a.deadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(a.compensationDeadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.retry().maxAttempts()).isEqualTo(3);
        assertThat(a.compensationRetry().maxAttempts()).isEqualTo(2);
        assertThat(a.failureOutcome(new TestSaga.ANo(null))).isEqualTo("A_REFUSED");
        assertThat(a.failureOutcome(new TestSaga.AOk(null, 1))).isNull();
        assertThat(saga.steps().get(1).hasCompensation()).isFalse();
    }

    @Test
    void stepsWithoutDeadlinesGetTheDefaults() {
        SagaDefinition<String> saga = SagaDefinition.named("s", String.class)
                .defaults(Duration.ofSeconds(7), RetryPolicy.once(), RetryPolicy.once())
                .step("only").invoke((d, r) -> "x").onSuccess(Integer.class).build();
        StepDefinition<String> only = saga.steps().get(0);
        assertThat(only.deadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(only.compensationDeadline()).isEqualTo(Duration.ofSeconds(7));
        assertThat(only.retry()).isEqualTo(RetryPolicy.once());
    }

    @Test
    void incompleteOrAmbiguousStepsAreRefused() {
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class).step("a").onSuccess(Integer.class).build())
                .hasMessageContaining("no command");
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class).step("a").invoke((d, r) -> "x").build())
                .hasMessageContaining("no success reply");
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class).step("a").invoke((d, r) -> "x")
                .onSuccess(Integer.class).withCompensation((d, r) -> "y").build())
                .hasMessageContaining("compensatedBy");
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class).step("a").invoke((d, r) -> "x")
                .onSuccess(Integer.class).onFailure(Integer.class, "NO").build())
                .hasMessageContaining("both success and failure");
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class).step("a").invoke((d, r) -> "x")
                .onSuccess(Integer.class).step("a"))
                .hasMessageContaining("duplicate step");
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class).step("COMPLETED"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SagaDefinition.named("s", String.class).step("a.b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
