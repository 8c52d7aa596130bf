package io.sagaengine.shipping;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The shipping participant: schedules shipments to the countries it serves, and cancels them. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ShippingApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShippingApplication.class, args);
    }
}
