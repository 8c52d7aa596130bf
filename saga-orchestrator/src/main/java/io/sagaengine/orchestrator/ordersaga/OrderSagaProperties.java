package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.engine.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Deadlines and retry budgets of the order saga's steps ({@code saga.order.*}), the same for every step.
 *
 * <p>The defaults fit a real deployment: a step gives up only after about three minutes without any reply (eight
 * sends, ten seconds each plus a backoff growing from one second to a minute), so a participant that restarts,
 * a rolling deploy or a broker outage of a minute costs latency, never an order. Deadlines also wait while the
 * orchestrator is not reading replies ({@code saga.engine.deadlines.wait-for-replies}). A compensation is tried
 * for about twenty minutes before the saga needs attention.
 *
 * @param stepDeadline         how long each send of a step's command waits for its reply
 * @param stepAttempts         sends of a step's command before the step counts as failed (TIMED_OUT)
 * @param stepInitialBackoff   backoff added before the second send
 * @param stepMaxBackoff       largest backoff between sends
 * @param compensationDeadline how long each send of a compensation waits for its reply
 * @param compensationAttempts sends of a compensation before the saga needs attention
 * @param compensationInitialBackoff backoff added before the second send of a compensation
 * @param compensationMaxBackoff     largest backoff between sends of a compensation
 * @param jitter               random share of each backoff, 0 to 1
 */
@ConfigurationProperties("saga.order")
public record OrderSagaProperties(
        @DefaultValue("10s") Duration stepDeadline,
        @DefaultValue("8") int stepAttempts,
        @DefaultValue("1s") Duration stepInitialBackoff,
        @DefaultValue("60s") Duration stepMaxBackoff,
        @DefaultValue("10s") Duration compensationDeadline,
        @DefaultValue("15") int compensationAttempts,
        @DefaultValue("1s") Duration compensationInitialBackoff,
        @DefaultValue("2m") Duration compensationMaxBackoff,
        @DefaultValue("0.5") double jitter) {

    public static OrderSagaProperties defaults() {
        return new OrderSagaProperties(Duration.ofSeconds(10), 8, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(10), 15, Duration.ofSeconds(1), Duration.ofMinutes(2), 0.5);
    }

    RetryPolicy stepRetry() {
        return RetryPolicy.exponential(stepAttempts, stepInitialBackoff, stepMaxBackoff).withJitter(jitter);
    }

    RetryPolicy compensationRetry() {
        return RetryPolicy.exponential(compensationAttempts, compensationInitialBackoff, compensationMaxBackoff)
                .withJitter(jitter);
    }
}
