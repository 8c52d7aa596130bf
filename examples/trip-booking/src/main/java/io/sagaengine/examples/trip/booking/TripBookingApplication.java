package io.sagaengine.examples.trip.booking;

import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaEngine;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionOperations;

import java.util.UUID;

/**
 * The trip saga's service: the engine (a dependency, auto-configured) runs the {@link TripSaga} definition bean; its
 * messages come from {@code TripMessages}, registered on the classpath. Settings in {@code trip-booking.yml}.
 */
@SpringBootApplication
@EnableConfigurationProperties(TripSaga.Timing.class)
public class TripBookingApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(TripBookingApplication.class).properties("spring.config.name=trip-booking")
                .run(args);
    }

    @Bean
    SagaDefinition<TripData> tripSaga(TripSaga.Timing timing) {
        return TripSaga.definition(timing);
    }

    /** Books a trip: the saga and its first command commit together. */
    @Bean
    TripBooking tripBooking(SagaEngine engine, SagaDefinition<TripData> tripSaga, TransactionOperations transactions) {
        return trip -> transactions.executeWithoutResult(status -> engine.start(tripSaga, trip.tripId(), trip));
    }

    @FunctionalInterface
    public interface TripBooking {
        void book(TripData trip);
    }
}
