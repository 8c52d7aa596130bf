package io.sagaengine.examples.push;

import io.sagaengine.contracts.order.OrderStatusChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns order events into notifications, each event in one transaction: remember the event by its id (insert if
 * absent), move the order's last notified version on if the event is newer, and only then record and send the
 * notification. Delivery is at least once, so an event may come twice (a redelivery, a relay that sent it again) or
 * late (after a newer one of its order): a repeat is recognised by its id, a late one by its version, and neither
 * is sent.
 */
@Component
class Notifications {

    enum Outcome {
        /** Told the customer. */
        SENT,
        /** This event was received before. */
        DUPLICATE,
        /** A newer change of the order was told already: telling this one would show an old status. */
        STALE
    }

    private final JdbcClient jdbc;
    private final PushGateway gateway;
    private final TransactionTemplate transaction;

    Notifications(JdbcClient jdbc, PushGateway gateway, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.gateway = gateway;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    Outcome handle(OrderStatusChanged event) {
        return transaction.execute(status -> handleInTransaction(event));
    }

    private Outcome handleInTransaction(OrderStatusChanged event) {
        boolean newest = advance(event);
        if (!firstTime(event, newest)) {
            return Outcome.DUPLICATE;
        }
        if (!newest) {
            return Outcome.STALE;
        }
        PushNotification notification = NotificationTexts.of(event);
        record(notification);
        gateway.send(notification);
        return Outcome.SENT;
    }

    /**
     * Moves the order's last version on to the event's, unless it is past it already. The same version again is
     * allowed here: it can only be this very event repeated, which {@link #firstTime} recognises.
     */
    private boolean advance(OrderStatusChanged event) {
        return jdbc.sql("""
                        INSERT INTO order_progress (order_id, last_version) VALUES (:orderId, :version)
                        ON CONFLICT (order_id) DO UPDATE SET last_version = EXCLUDED.last_version, updated_at = now()
                         WHERE order_progress.last_version <= EXCLUDED.last_version""")
                .param("orderId", event.orderId())
                .param("version", event.orderVersion())
                .update() == 1;
    }

    /** Remembers the event by its id; false if it was received before. */
    private boolean firstTime(OrderStatusChanged event, boolean notified) {
        return jdbc.sql("""
                        INSERT INTO received_event (event_id, order_id, order_version, notified)
                        VALUES (:eventId, :orderId, :version, :notified)
                        ON CONFLICT (event_id) DO NOTHING""")
                .param("eventId", event.eventId())
                .param("orderId", event.orderId())
                .param("version", event.orderVersion())
                .param("notified", notified)
                .update() == 1;
    }

    private void record(PushNotification n) {
        jdbc.sql("""
                        INSERT INTO notification (notification_id, order_id, order_version, customer_id, title, body)
                        VALUES (:id, :orderId, :version, :customerId, :title, :body)""")
                .param("id", n.notificationId())
                .param("orderId", n.orderId())
                .param("version", n.orderVersion())
                .param("customerId", n.customerId())
                .param("title", n.title())
                .param("body", n.body())
                .update();
    }
}
