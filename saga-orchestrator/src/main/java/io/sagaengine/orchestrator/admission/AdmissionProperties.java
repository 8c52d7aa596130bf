package io.sagaengine.orchestrator.admission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Admission control at {@code POST /orders} and the share of the connection pool each kind of work may hold
 * ({@code orders.admission.*}).
 *
 * @param enabled          refuse orders by the signals below; false admits every order (the connection limits stay)
 * @param targetLatency    the 90th percentile of the time from an order's admission to its saga's end that the
 *                         limit steers to; the limit settles near capacity times this
 * @param initialLimit     order sagas in flight this instance admits before it has measured anything
 * @param minLimit         the limit never goes below this, however slow sagas get
 * @param maxLimit         nor above this, however fast (bounds the memory of the sagas in flight)
 * @param adjustInterval   how often the limit is moved by the latencies measured since
 * @param inFlightTimeout  an admitted saga not seen finishing after this long stops counting (measured at that age)
 * @param reconcileInterval how often the sagas this instance admitted are looked up in the database, for those that
 *                         another instance finished
 * @param retryAfter       the Retry-After of a refusal; up to as much again is added at random so refused clients
 *                         do not come back together
 * @param maxReplyLag      refuse while the reply listener's consumer group lags more records than this
 *                         ({@code outbox.consumer.lag}); 0 switches this signal off
 * @param maxPoolWaiters   refuse while more threads than this wait for a database connection
 * @param maxHeapAfterGc   refuse while the heap used after the last garbage collection is above this share of the
 *                         largest heap; 1 switches this signal off
 * @param signalInterval   how often the reply lag, the pool's waiters and the heap are sampled
 * @param connections      how many database connections the order API and the admin API may hold at once
 */
@ConfigurationProperties("orders.admission")
public record AdmissionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration targetLatency,
        @DefaultValue("20") int initialLimit,
        @DefaultValue("4") int minLimit,
        @DefaultValue("500") int maxLimit,
        @DefaultValue("250ms") Duration adjustInterval,
        @DefaultValue("60s") Duration inFlightTimeout,
        @DefaultValue("500ms") Duration reconcileInterval,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("2000") long maxReplyLag,
        @DefaultValue("4") int maxPoolWaiters,
        @DefaultValue("0.85") double maxHeapAfterGc,
        @DefaultValue("100ms") Duration signalInterval,
        @DefaultValue Connections connections) {

    public AdmissionProperties {
        if (maxReplyLag < 0 || maxPoolWaiters < 0 || maxHeapAfterGc <= 0 || maxHeapAfterGc > 1
                || retryAfter.isNegative() || signalInterval.isZero() || signalInterval.isNegative()
                || adjustInterval.isZero() || adjustInterval.isNegative()
                || reconcileInterval.isZero() || reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("orders.admission: max-reply-lag >= 0, max-pool-waiters >= 0, "
                    + "0 < max-heap-after-gc <= 1, retry-after >= 0 and positive intervals required");
        }
    }

    SagaLimit.Settings limit() {
        return new SagaLimit.Settings(targetLatency, initialLimit, minLimit, maxLimit, inFlightTimeout);
    }

    /**
     * A bulkhead on the one connection pool: what the order API and the admin API may hold together leaves the rest
     * of the pool ({@code spring.datasource.hikari.maximum-pool-size}, 10 by default) to the reply listener
     * ({@code saga.engine.replies.concurrency} connections), the deadline poller and the retention purge.
     *
     * @param orders connections placing orders at once; a placement that gets none within {@code max-wait} is refused
     *               with 503 (reason {@code pool})
     * @param admin  connections of admin API requests at once; beyond that, 503
     * @param maxWait how long a request waits for its share before it is refused
     */
    public record Connections(@DefaultValue("5") int orders, @DefaultValue("2") int admin,
                              @DefaultValue("200ms") Duration maxWait) {
        public Connections {
            if (orders < 1 || admin < 1 || maxWait.isNegative()) {
                throw new IllegalArgumentException("orders.admission.connections: orders >= 1, admin >= 1, max-wait >= 0");
            }
        }
    }
}
