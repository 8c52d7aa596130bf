package io.sagaengine.orchestrator.order;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Maps the WebSocket {@code /orders/{orderId}/status} ({@link OrderStatusSocket}). It is under {@code /orders/**}, so
 * the order API's open filter chain ({@link OpenOrchestratorApi}) applies to its handshake as to
 * {@code GET /orders/{orderId}}. Browsers may open it from the orchestrator's own origin only (Spring's default
 * origin check); apps, which send no {@code Origin}, from anywhere.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSocket
class OrderStatusPush implements WebSocketConfigurer {

    static final String PATH = "/orders/*/status";

    private final OrderSubscriptions subscriptions;

    OrderStatusPush(OrderSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new OrderStatusSocket(subscriptions), PATH);
    }
}
