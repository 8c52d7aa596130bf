package io.sagaengine.examples.trip.travel;

import io.sagaengine.examples.trip.messages.TripMessages;
import io.sagaengine.examples.trip.messages.TripMessages.BookFlight;
import io.sagaengine.examples.trip.messages.TripMessages.BookHotel;
import io.sagaengine.examples.trip.messages.TripMessages.CancelFlight;
import io.sagaengine.examples.trip.messages.TripMessages.CancelHotel;
import io.sagaengine.examples.trip.messages.TripMessages.RentCar;
import io.sagaengine.service.participant.ParticipantDefinition;
import io.sagaengine.service.participant.requests.ParticipantRequests;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The flight, hotel and car participants of the trip saga, in one service with one database and one relay. Each is a
 * {@link ParticipantDefinition}: service-support consumes its command topic, deduplicates, and sends its reply
 * through the outbox. Settings in {@code travel-participants.yml}.
 */
// the saga engine and its operations are on this module's classpath for the trip saga's service, not for the
// participants
@SpringBootApplication(excludeName = {"io.sagaengine.engine.SagaEngineAutoConfiguration",
        "io.sagaengine.operations.SagaOperationsAutoConfiguration"})
@EnableConfigurationProperties(TravelRules.class)
public class TravelParticipantsApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(TravelParticipantsApplication.class)
                .properties("spring.config.name=travel-participants").run(args);
    }

    @Bean
    ParticipantDefinition flight(ParticipantRequests requests, TravelRules rules) {
        FlightDesk desk = new FlightDesk(requests.of(Booking.class), rules);
        return ParticipantDefinition.builder("flight", TripMessages.FLIGHT_COMMANDS, TripMessages.FLIGHT_REPLIES)
                .on(BookFlight.class, desk::book)
                .on(CancelFlight.class, desk::cancel)
                .build();
    }

    @Bean
    ParticipantDefinition hotel(ParticipantRequests requests, TravelRules rules) {
        HotelDesk desk = new HotelDesk(requests.of(Booking.class), rules);
        return ParticipantDefinition.builder("hotel", TripMessages.HOTEL_COMMANDS, TripMessages.HOTEL_REPLIES)
                .on(BookHotel.class, desk::book)
                .on(CancelHotel.class, desk::cancel)
                .build();
    }

    @Bean
    ParticipantDefinition car(ParticipantRequests requests, TravelRules rules) {
        CarDesk desk = new CarDesk(requests.of(Booking.class), rules);
        return ParticipantDefinition.builder("car", TripMessages.CAR_COMMANDS, TripMessages.CAR_REPLIES)
                .on(RentCar.class, desk::rent)
                .build();
    }
}
