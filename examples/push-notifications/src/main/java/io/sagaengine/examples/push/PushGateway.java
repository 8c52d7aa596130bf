package io.sagaengine.examples.push;

/**
 * Sends a notification to the devices of its customer (FCM for Android, APNs for iOS). Called in the transaction that
 * records the notification: a gateway that throws leaves nothing recorded, and the event is retried. A send that
 * succeeded before a commit that failed is sent again with the same {@link PushNotification#notificationId()}, which
 * both services carry to the device (FCM data, APNs {@code apns-id}), so the app shows it once.
 */
public interface PushGateway {

    void send(PushNotification notification);
}
