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
 * @param recheckInterval how often waiting long polls re-read their orders, in case a change notification was lost
 * @param maxWaiters      long polls held at once by one instance; beyond that they are answered at once
 */
@ConfigurationProperties("orders")
public record OrderApiProperties(
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("30s") Duration maxWait,
        @DefaultValue("2s") Duration recheckInterval,
        @DefaultValue("10000") int maxWaiters) {
}
