package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.orchestrator.engine.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Deadlines and retry budgets of the order saga's steps ({@code saga.order.*}), the same for every step.
 *
 * @param stepDeadline         how long each send of a step's command waits for its reply
 * @param stepAttempts         sends of a step's command before the step counts as failed (TIMED_OUT)
 * @param compensationDeadline how long each send of a compensation waits for its reply
 * @param compensationAttempts sends of a compensation before the saga needs attention
 * @param jitter               random share of each backoff, 0 to 1
 */
@ConfigurationProperties("saga.order")
public record OrderSagaProperties(
        @DefaultValue("10s") Duration stepDeadline,
        @DefaultValue("3") int stepAttempts,
        @DefaultValue("500ms") Duration stepInitialBackoff,
        @DefaultValue("5s") Duration stepMaxBackoff,
        @DefaultValue("10s") Duration compensationDeadline,
        @DefaultValue("10") int compensationAttempts,
        @DefaultValue("1s") Duration compensationInitialBackoff,
        @DefaultValue("30s") Duration compensationMaxBackoff,
        @DefaultValue("0.5") double jitter) {

    public static OrderSagaProperties defaults() {
        return new OrderSagaProperties(Duration.ofSeconds(10), 3, Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 10, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5);
    }

    RetryPolicy stepRetry() {
        return RetryPolicy.exponential(stepAttempts, stepInitialBackoff, stepMaxBackoff).withJitter(jitter);
    }

    RetryPolicy compensationRetry() {
        return RetryPolicy.exponential(compensationAttempts, compensationInitialBackoff, compensationMaxBackoff)
                .withJitter(jitter);
    }
}
