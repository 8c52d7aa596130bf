package io.sagaengine.examples.trip.booking;

import io.sagaengine.engine.RetryPolicy;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.examples.trip.messages.TripMessages.BookFlight;
import io.sagaengine.examples.trip.messages.TripMessages.BookHotel;
import io.sagaengine.examples.trip.messages.TripMessages.CancelFlight;
import io.sagaengine.examples.trip.messages.TripMessages.CancelHotel;
import io.sagaengine.examples.trip.messages.TripMessages.CarRented;
import io.sagaengine.examples.trip.messages.TripMessages.CarUnavailable;
import io.sagaengine.examples.trip.messages.TripMessages.FlightBooked;
import io.sagaengine.examples.trip.messages.TripMessages.FlightCancelled;
import io.sagaengine.examples.trip.messages.TripMessages.FlightUnavailable;
import io.sagaengine.examples.trip.messages.TripMessages.HotelBooked;
import io.sagaengine.examples.trip.messages.TripMessages.HotelCancelled;
import io.sagaengine.examples.trip.messages.TripMessages.HotelUnavailable;
import io.sagaengine.examples.trip.messages.TripMessages.RentCar;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** The trip saga: book the flight, then the hotel, then the car; a refusal cancels what was booked, newest first. */
public final class TripSaga {

    public static final String NAME = "trip";

    private TripSaga() {
    }

    /**
     * Deadlines and retries of every step ({@code trip.saga.*}).
     *
     * @param stepDeadline how long each send of a command waits for its reply
     * @param stepAttempts sends of a command (or a compensation) before it counts as failed
     * @param backoff      pause before a re-send, doubling up to ten times this
     */
    @ConfigurationProperties("trip.saga")
    public record Timing(@DefaultValue("10s") Duration stepDeadline, @DefaultValue("6") int stepAttempts,
                         @DefaultValue("1s") Duration backoff) {

        RetryPolicy retry() {
            return RetryPolicy.exponential(stepAttempts, backoff, backoff.multipliedBy(10)).withJitter(0.5);
        }
    }

    public static SagaDefinition<TripData> definition(Timing timing) {
        return SagaDefinition.named(NAME, TripData.class)
                .defaults(timing.stepDeadline(), timing.retry(), timing.retry())
                .step("flight")
                    .invoke((trip, requestId) -> new BookFlight(requestId, trip.key(), trip.from(), trip.to()))
                    .withCompensation((trip, requestId) -> new CancelFlight(requestId, trip.key()))
                    .onSuccess(FlightBooked.class, (trip, booked) -> trip.withTicket(booked.ticket()))
                    .onFailure(FlightUnavailable.class, "NO_FLIGHT")
                    .compensatedBy(FlightCancelled.class)
                .step("hotel")
                    .invoke((trip, requestId) -> new BookHotel(requestId, trip.key(), trip.to(), trip.nights()))
                    .withCompensation((trip, requestId) -> new CancelHotel(requestId, trip.key()))
                    .onSuccess(HotelBooked.class, (trip, booked) -> trip.withHotel(booked.confirmation()))
                    .onFailure(HotelUnavailable.class, "NO_HOTEL")
                    .compensatedBy(HotelCancelled.class)
                .step("car")
                    .invoke((trip, requestId) -> new RentCar(requestId, trip.key(), trip.to(), trip.carClass()))
                    .onSuccess(CarRented.class, (trip, rented) -> trip.withCar(rented.voucher()))
                    .onFailure(CarUnavailable.class, "NO_CAR")
                .build();
    }
}
