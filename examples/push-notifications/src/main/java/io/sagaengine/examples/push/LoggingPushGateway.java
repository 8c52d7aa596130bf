package io.sagaengine.examples.push;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the FCM and APNs requests it would send, without credentials: a real gateway would look up the customer's
 * device tokens (registered by the app at sign-in) and add its FCM access token and APNs provider token.
 */
final class LoggingPushGateway implements PushGateway {

    private static final Logger log = LoggerFactory.getLogger(LoggingPushGateway.class);
    private static final String DEVICE_TOKEN = "<device token>";

    @Override
    public void send(PushNotification n) {
        log.info("to the devices of customer {}: FCM POST /v1/projects/<project>/messages:send {}", n.customerId(),
                PushPayloads.fcm(n, DEVICE_TOKEN));
        log.info("to the devices of customer {}: APNs POST /3/device/{} {} {}", n.customerId(), DEVICE_TOKEN,
                PushPayloads.apnsHeaders(n), PushPayloads.apns(n));
    }
}
