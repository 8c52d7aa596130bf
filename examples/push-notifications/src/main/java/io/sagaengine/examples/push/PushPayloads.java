package io.sagaengine.examples.push;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notification as FCM (HTTP v1 API) and APNs (HTTP/2 provider API) take it. Both carry the notification id, so the
 * app drops one it has shown already, and collapse by order, so a newer status replaces an older one on the device.
 */
final class PushPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PushPayloads() {
    }

    /** The body of {@code POST https://fcm.googleapis.com/v1/projects/{project}/messages:send}. */
    static String fcm(PushNotification n, String deviceToken) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", deviceToken);
        ObjectNode notification = message.putObject("notification");
        notification.put("title", n.title());
        notification.put("body", n.body());
        ObjectNode data = message.putObject("data"); // FCM data values are strings
        data.put("notificationId", n.notificationId().toString());
        data.put("orderId", n.orderId().toString());
        data.put("orderVersion", Long.toString(n.orderVersion()));
        data.put("status", n.status().name());
        message.putObject("android").put("collapse_key", collapseKey(n));
        return JSON.writeValueAsString(root);
    }

    /** The body of {@code POST https://api.push.apple.com/3/device/{deviceToken}}. */
    static String apns(PushNotification n) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aps = root.putObject("aps");
        ObjectNode alert = aps.putObject("alert");
        alert.put("title", n.title());
        alert.put("body", n.body());
        aps.put("thread-id", collapseKey(n));
        root.put("notificationId", n.notificationId().toString());
        root.put("orderId", n.orderId().toString());
        root.put("orderVersion", n.orderVersion());
        root.put("status", n.status().name());
        return JSON.writeValueAsString(root);
    }

    /** The request headers APNs reads besides the provider token. */
    static Map<String, String> apnsHeaders(PushNotification n) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("apns-id", n.notificationId().toString());
        headers.put("apns-collapse-id", collapseKey(n));
        headers.put("apns-push-type", "alert");
        return headers;
    }

    private static String collapseKey(PushNotification n) {
        return "order-" + n.orderId();
    }
}
