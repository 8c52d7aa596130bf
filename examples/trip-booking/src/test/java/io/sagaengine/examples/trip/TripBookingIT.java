package io.sagaengine.examples.trip;

import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaView;
import io.sagaengine.examples.trip.booking.TripBookingApplication;
import io.sagaengine.examples.trip.booking.TripBookingApplication.TripBooking;
import io.sagaengine.examples.trip.booking.TripData;
import io.sagaengine.examples.trip.booking.TripSaga;
import io.sagaengine.examples.trip.messages.TripMessages;
import io.sagaengine.examples.trip.travel.TravelParticipantsApplication;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.testsupport.RealServers;
import io.sagaengine.testsupport.browser.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example as it runs: the trip saga's service and the travel participants' service, each with its own
 * PostgreSQL database, outbox and Debezium relay, talking over a real Kafka broker. One trip completes, another
 * is refused a car and has its hotel and flight cancelled. Support staff see such a trip in the trip service's
 * console (saga-operations, one dependency) in a real headless Chromium.
 */
class TripBookingIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final String SUPPORT = "sam";
    private static final String SUPPORT_PASSWORD = "sam-test-password";
    private static ConfigurableApplicationContext travel;
    private static ConfigurableApplicationContext booking;

    @BeforeAll
    static void startBothServices() throws Exception {
        SERVERS.createTopics(3, List.of(TripMessages.FLIGHT_COMMANDS, TripMessages.FLIGHT_REPLIES, TripMessages.HOTEL_COMMANDS,
                TripMessages.HOTEL_REPLIES, TripMessages.CAR_COMMANDS, TripMessages.CAR_REPLIES));
        travel = start(TravelParticipantsApplication.class, "travel-participants", "trip_example_travel");
        booking = start(TripBookingApplication.class, "trip-booking", "trip_example_booking");
    }

    @AfterAll
    static void stop() {
        if (booking != null) {
            booking.close();
        }
        if (travel != null) {
            travel.close();
        }
    }

    @Test
    void aTripIsBookedAndATripWithoutACarIsUndone() {
        TripData complete = TripData.of(UUID.randomUUID(), "Berlin", "Lisbon", 3, "COMPACT");
        TripData noCar = TripData.of(UUID.randomUUID(), "Berlin", "Porto", 2, "LIMOUSINE");
        TripBooking trips = booking.getBean(TripBooking.class);

        trips.book(complete);
        trips.book(noCar);

        SagaView booked = awaitEnd(complete.tripId());
        assertThat(booked.status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(booked.data().toString()).contains("\"ticket\":\"TKT-", "\"hotelConfirmation\":\"HTL-",
                "\"carVoucher\":\"CAR-");
        assertThat(requestStates(complete)).containsExactly("EXECUTED", "EXECUTED", "EXECUTED");

        SagaView undone = awaitEnd(noCar.tripId());
        assertThat(undone.status()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(undone.outcome()).isEqualTo("NO_CAR");
        assertThat(requestStates(noCar)).as("flight and hotel cancelled, the car refused")
                .containsExactly("COMPENSATED", "COMPENSATED", "EXECUTED");
    }

    @Test
    void supportStaffSeeACompensatedTripAndItsCompensationsInTheConsole() throws Exception {
        TripData noCar = TripData.of(UUID.randomUUID(), "Berlin", "Faro", 4, "LIMOUSINE");
        booking.getBean(TripBooking.class).book(noCar);
        assertThat(awaitEnd(noCar.tripId()).status()).isEqualTo(SagaStatus.COMPENSATED);
        int port = Integer.parseInt(booking.getEnvironment().getRequiredProperty("local.server.port"));

        try (Browser browser = Browser.open(port)) {
            browser.signIn(SUPPORT, SUPPORT_PASSWORD);
            browser.go("/console/#/sagas?type=" + TripSaga.NAME + "&status=COMPENSATED&q=" + noCar.tripId());
            browser.waitFor(By.cssSelector("tr[data-saga-id='" + noCar.tripId() + "'] a.saga-link")).click();
            browser.waitFor(By.cssSelector("#timeline li.entry"));

            assertThat(browser.text(By.id("saga-status"))).isEqualTo("COMPENSATED");
            List<String> compensations = browser.all(By.cssSelector("#timeline li.compensation")).stream()
                    .map(WebElement::getText).toList();
            assertThat(compensations).as("the hotel, then the flight cancelled, newest first")
                    .anySatisfy(t -> assertThat(t).contains("Sent CancelHotel"))
                    .anySatisfy(t -> assertThat(t).contains("Sent CancelFlight"))
                    .anySatisfy(t -> assertThat(t).contains("HotelCancelled"))
                    .anySatisfy(t -> assertThat(t).contains("FlightCancelled"));
            assertThat(browser.all(By.cssSelector("#timeline li[data-kind='REPLY_RECEIVED']")).stream()
                    .map(WebElement::getText)).anySatisfy(t -> assertThat(t).contains("CarUnavailable"));
            assertThat(browser.all(By.id("saga-actions"))).as("support staff get no action buttons").isEmpty();
            browser.screenshot(Path.of("target", "console", "trip-compensated.png"));
        }
    }

    private static SagaView awaitEnd(UUID tripId) {
        SagaQueries sagas = booking.getBean(SagaQueries.class);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                sagas.find(tripId).map(SagaView::status)
                        .filter(s -> s == SagaStatus.COMPLETED || s == SagaStatus.COMPENSATED).isPresent());
        return sagas.find(tripId).orElseThrow();
    }

    /** What the participants recorded for the trip, in step order (flight, hotel, car). */
    private static List<String> requestStates(TripData trip) {
        return travel.getBean(JdbcTemplate.class).queryForList(
                "SELECT state FROM participant_request WHERE order_id = ? ORDER BY created_at", String.class,
                trip.tripId().toString());
    }

    private static ConfigurableApplicationContext start(Class<?> application, String configName, String database)
            throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--spring.config.name=" + configName,
                "--server.port=0", "--trip.saga.step-deadline=20s",
                "--saga.security.tokens.secret=test-only-api-token-signing-key-0123456789",
                "--saga.security.users[0].name=" + SUPPORT,
                "--saga.security.users[0].password={bcrypt}" + new BCryptPasswordEncoder(4).encode(SUPPORT_PASSWORD),
                "--saga.security.users[0].roles=SUPPORT"));
        SERVERS.springProperties(database).forEach((name, value) -> args.add("--" + name + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
        assertThat(context.getBean(OutboxRelay.class).awaitStreaming(Duration.ofSeconds(60))).as("relay streaming")
                .isTrue();
        return context;
    }

}
