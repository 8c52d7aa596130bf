package io.sagaengine.orchestrator.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Settings of the order API ({@code orders.*}).
 *
 * @param maxBodySize     largest accepted {@code POST /orders} body; larger ones get 413 before they are parsed
 * @param maxWait         cap on {@code Prefer: wait=N} for long polls
 * @param recheckInterval while the change listener is not listening, how often waiting long polls re-read their
 *                        orders; while it listens, how often its connection is probed
 * @param maxWaiters      long polls held at once by one instance; beyond that they are refused with 503 and
 *                        Retry-After. 0: derived from the maximum heap, see the README
 * @param knownVersions   orders whose current version one instance keeps in memory, to answer 304s and long polls
 *                        that end without a change without a database read
 */
@ConfigurationProperties("orders")
public record OrderApiProperties(
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("30s") Duration maxWait,
        @DefaultValue("2s") Duration recheckInterval,
        @DefaultValue("0") int maxWaiters,
        @DefaultValue("100000") int knownVersions) {
}
