package io.sagaengine.examples.trip.booking;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.StepStatus;
import io.sagaengine.engine.test.SagaScenario;
import io.sagaengine.engine.test.SagaScenario.CommandExpectation;
import io.sagaengine.examples.trip.messages.TripMessages;
import io.sagaengine.examples.trip.messages.TripMessages.BookFlight;
import io.sagaengine.examples.trip.messages.TripMessages.BookHotel;
import io.sagaengine.examples.trip.messages.TripMessages.CancelFlight;
import io.sagaengine.examples.trip.messages.TripMessages.CancelHotel;
import io.sagaengine.examples.trip.messages.TripMessages.CarRented;
import io.sagaengine.examples.trip.messages.TripMessages.CarUnavailable;
import io.sagaengine.examples.trip.messages.TripMessages.FlightBooked;
import io.sagaengine.examples.trip.messages.TripMessages.FlightCancelled;
import io.sagaengine.examples.trip.messages.TripMessages.HotelBooked;
import io.sagaengine.examples.trip.messages.TripMessages.HotelCancelled;
import io.sagaengine.examples.trip.messages.TripMessages.RentCar;
import io.sagaengine.service.contract.ContractSagaMessaging;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The trip saga through the engine's given/expect kit: no broker, no database. */
class TripSagaTest {

    private static final TripSaga.Timing TIMING = new TripSaga.Timing(Duration.ofSeconds(10), 3, Duration.ofSeconds(1));
    private static final MessageCatalog CATALOG = MessageCatalog.discovered();

    private final SagaDefinition<TripData> definition = TripSaga.definition(TIMING);
    private final SagaScenario<TripData> saga = SagaScenario.of(definition,
            ContractSagaMessaging.of(CATALOG, definition), new ContractJson(CATALOG)::decode);
    private final TripData trip = TripData.of(UUID.randomUUID(), "Berlin", "Lisbon", 3, "COMPACT");
    private final String tripId = trip.tripId().toString();

    @Test
    void booksFlightThenHotelThenCar() {
        saga.given().start(trip.tripId(), trip)
                .expect().status(SagaStatus.RUNNING).state("flight").deadlineIn(Duration.ofSeconds(10))
                .command(BookFlight.class).to(TripMessages.FLIGHT_COMMANDS)
                .satisfying(c -> assertThat(c.to()).isEqualTo("Lisbon"))
                .andGivenReply(c -> new FlightBooked(c.requestId(), tripId, "TKT-1"))
                .expect().state("hotel")
                .command(BookHotel.class).to(TripMessages.HOTEL_COMMANDS)
                .satisfying(c -> assertThat(c.nights()).isEqualTo(3))
                .andGivenReply(c -> new HotelBooked(c.requestId(), tripId, "HTL-1"))
                .expect().state("car")
                .command(RentCar.class).to(TripMessages.CAR_COMMANDS)
                .andGivenReply(c -> new CarRented(c.requestId(), tripId, "CAR-1"))
                .expect().status(SagaStatus.COMPLETED).outcome(null).noDeadline().noCommand();

        assertThat(saga.data().ticket()).isEqualTo("TKT-1");
        assertThat(saga.data().hotelConfirmation()).isEqualTo("HTL-1");
        assertThat(saga.data().carVoucher()).isEqualTo("CAR-1");
    }

    @Test
    void noCarCancelsTheHotelThenTheFlight() {
        CommandExpectation<BookFlight> flight = saga.given().start(trip.tripId(), trip).expect()
                .command(BookFlight.class);
        CommandExpectation<BookHotel> hotel = flight.andGivenReply(c -> new FlightBooked(c.requestId(), tripId, "TKT-1"))
                .expect().command(BookHotel.class);
        hotel.andGivenReply(c -> new HotelBooked(c.requestId(), tripId, "HTL-1"))
                .expect().command(RentCar.class)
                .andGivenReply(c -> new CarUnavailable(c.requestId(), tripId))
                .expect().status(SagaStatus.COMPENSATING).state("hotel.compensating").outcome("NO_CAR")
                .step("car", StepStatus.FAILED, 1)
                .command(CancelHotel.class).to(TripMessages.HOTEL_COMMANDS).withRequestId(hotel.requestId())
                .andGivenReply(c -> new HotelCancelled(c.requestId(), tripId))
                .expect().state("flight.compensating")
                .command(CancelFlight.class).to(TripMessages.FLIGHT_COMMANDS).withRequestId(flight.requestId())
                .andGivenReply(c -> new FlightCancelled(c.requestId(), tripId))
                .expect().status(SagaStatus.COMPENSATED).outcome("NO_CAR").noDeadline().noCommand()
                .step("hotel", StepStatus.COMPENSATED, 1).step("flight", StepStatus.COMPENSATED, 1);
    }

    @Test
    void aFlightThatNeverAnswersIsResentThenCancelled() {
        CommandExpectation<BookFlight> flight = saga.given().start(trip.tripId(), trip).expect()
                .command(BookFlight.class);
        flight.andGivenDeadlinePassed()
                .expect().status(SagaStatus.RUNNING).step("flight", StepStatus.RUNNING, 2)
                .command(BookFlight.class).withRequestId(flight.requestId())
                .andGivenDeadlinePassed()
                .expect().step("flight", StepStatus.RUNNING, 3).command(BookFlight.class)
                .andGivenDeadlinePassed()
                .expect().status(SagaStatus.COMPENSATING).outcome("TIMED_OUT")
                .command(CancelFlight.class).withRequestId(flight.requestId())
                .andGivenReply(c -> new FlightCancelled(c.requestId(), tripId))
                .expect().status(SagaStatus.COMPENSATED).noCommand();
    }

    @Test
    void theRepliesTheSagaWaitsForNameItsReplyTopics() {
        assertThat(ContractSagaMessaging.of(CATALOG, definition).replyTopics()).containsExactlyInAnyOrder(
                TripMessages.FLIGHT_REPLIES, TripMessages.HOTEL_REPLIES, TripMessages.CAR_REPLIES);
    }
}
