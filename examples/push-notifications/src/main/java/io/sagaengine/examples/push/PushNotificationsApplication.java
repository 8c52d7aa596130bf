package io.sagaengine.examples.push;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A push service on the receiving side of {@code order.events}: tells a customer's phone each time their order changes,
 * once per change, never an older status after a newer one. Its own PostgreSQL database remembers what it sent.
 */
@SpringBootApplication
public class PushNotificationsApplication {

    public static void main(String[] args) {
        SpringApplication.run(PushNotificationsApplication.class, args);
    }

    /** Prints what would go to FCM and APNs; replace it with a gateway that sends. */
    @Bean
    PushGateway pushGateway() {
        return new LoggingPushGateway();
    }
}
