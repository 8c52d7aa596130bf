package io.sagaengine.orchestrator.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the pushed order status ({@code orders.push.*}): the WebSocket {@code /orders/{orderId}/status} and the
 * event stream {@code GET /orders/{orderId}/events}.
 *
 * @param maxConnections WebSockets and event streams one instance holds at once, both counted together; beyond
 *                       that a WebSocket is closed with 1013 and an event stream answered 503 with Retry-After.
 *                       0: derived from the maximum heap, see the README
 * @param heartbeat      how often an idle connection gets a ping frame (WebSocket) or a comment line (event stream),
 *                       so that proxies keep it open and a client that went away is noticed
 */
@ConfigurationProperties("orders.push")
public record OrderPushProperties(
        @DefaultValue("0") int maxConnections,
        @DefaultValue("15s") Duration heartbeat) {
}
