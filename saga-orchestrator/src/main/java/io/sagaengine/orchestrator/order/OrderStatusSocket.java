package io.sagaengine.orchestrator.order;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The WebSocket {@code /orders/{orderId}/status}: on connect a text frame with the order's current status (the body
 * of {@code GET /orders/{orderId}} and its {@code version}), then one for every change, and a close when the status
 * is final. Close codes:
 * <ul>
 *   <li>1000: the final status (COMPLETED or CANCELLED) was sent;</li>
 *   <li>1001: this instance is stopping; reconnect (another instance answers) and get the current status;</li>
 *   <li>1009 (by the container): the client sent a message longer than the 1 KiB receive buffers
 *       ({@code server.servlet.context-parameters} in application.yml);</li>
 *   <li>1011: the status could not be sent (a client that reads too slowly, a failure here);</li>
 *   <li>1013: this instance holds as many subscriptions as it may; try again later or long-poll;</li>
 *   <li>4400: the order id is not a UUID;</li>
 *   <li>4404: no order has this id (or it was deleted).</li>
 * </ul>
 * Messages from the client are otherwise ignored.
 */
final class OrderStatusSocket extends AbstractWebSocketHandler {

    static final CloseStatus CLOSE_FINAL = CloseStatus.NORMAL.withReason("final status");
    static final CloseStatus CLOSE_STOPPING = CloseStatus.GOING_AWAY.withReason("instance stopping; reconnect");
    static final CloseStatus CLOSE_NOT_SENT = CloseStatus.SERVER_ERROR.withReason("status not sent");
    static final CloseStatus CLOSE_FULL =
            CloseStatus.SERVICE_OVERLOAD.withReason("too many subscribers; try again later");
    static final CloseStatus CLOSE_MALFORMED_ID = new CloseStatus(4400, "order id is not a UUID");
    static final CloseStatus CLOSE_UNKNOWN_ORDER = new CloseStatus(4404, "no such order");

    private static final String SUBSCRIPTION = OrderStatusSocket.class.getName() + ".subscription";

    private final OrderSubscriptions subscriptions;

    OrderStatusSocket(OrderSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        Optional<UUID> orderId = orderId(session.getUri());
        if (orderId.isEmpty()) {
            session.close(CLOSE_MALFORMED_ID);
            return;
        }
        OrderSubscriptions.Opening opening =
                subscriptions.subscribe(orderId.get(), OptionalLong.empty(), new SessionSubscriber(session));
        if (opening instanceof OrderSubscriptions.Opening.Open open) {
            session.getAttributes().put(SUBSCRIPTION, open.subscription());
        } else if (opening instanceof OrderSubscriptions.Opening.Full) {
            session.close(CLOSE_FULL);
        } else if (opening instanceof OrderSubscriptions.Opening.Stopping) {
            session.close(CLOSE_STOPPING);
        } else {
            session.close(CLOSE_UNKNOWN_ORDER);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        if (session.getAttributes().get(SUBSCRIPTION) instanceof OrderSubscriptions.Subscription subscription) {
            subscription.cancel();
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        afterConnectionClosed(session, CloseStatus.SERVER_ERROR);
    }

    /** The second-to-last segment of {@code .../orders/{orderId}/status}. */
    private static Optional<UUID> orderId(URI uri) {
        String path = uri == null ? null : uri.getPath();
        if (path == null) {
            return Optional.empty();
        }
        String[] segments = path.split("/");
        return segments.length < 2 ? Optional.empty() : OrderIds.parse(segments[segments.length - 2]);
    }

    private static final class SessionSubscriber implements OrderSubscriptions.Subscriber {
        private final WebSocketSession session;

        SessionSubscriber(WebSocketSession session) {
            this.session = session;
        }

        @Override
        public void send(OrderSubscriptions.Update update) throws IOException {
            session.sendMessage(new TextMessage(update.json()));
        }

        @Override
        public void heartbeat() throws IOException {
            session.sendMessage(new PingMessage());
        }

        @Override
        public void ended(OrderSubscriptions.Ending ending) {
            CloseStatus status = switch (ending) {
                case SETTLED -> CLOSE_FINAL;
                case NO_SUCH_ORDER -> CLOSE_UNKNOWN_ORDER;
                case GOING_AWAY -> CLOSE_STOPPING;
                case FAILED -> CLOSE_NOT_SENT;
            };
            try {
                session.close(status);
            } catch (IOException e) {
                // the connection is gone already
            }
        }
    }
}
