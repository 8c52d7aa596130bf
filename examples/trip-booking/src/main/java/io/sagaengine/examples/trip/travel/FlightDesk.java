package io.sagaengine.examples.trip.travel;

import io.sagaengine.contracts.Reply;
import io.sagaengine.examples.trip.messages.TripMessages.BookFlight;
import io.sagaengine.examples.trip.messages.TripMessages.CancelFlight;
import io.sagaengine.examples.trip.messages.TripMessages.FlightBooked;
import io.sagaengine.examples.trip.messages.TripMessages.FlightCancelled;
import io.sagaengine.examples.trip.messages.TripMessages.FlightUnavailable;
import io.sagaengine.service.participant.requests.Requests;

/** Books a flight unless no flight goes there; cancelling gives the seat back. */
final class FlightDesk {

    private final Requests<Booking> requests;
    private final TravelRules rules;

    FlightDesk(Requests<Booking> requests, TravelRules rules) {
        this.requests = requests;
        this.rules = rules;
    }

    Reply book(BookFlight command) {
        return requests.forward(command, () -> rules.noFlightsTo().contains(command.to())
                        ? Booking.refused() : Booking.newBooking("TKT"))
                .reply(booking -> booking.made()
                                ? new FlightBooked(command.requestId(), command.tripId(), booking.reference())
                                : new FlightUnavailable(command.requestId(), command.tripId()),
                        () -> new FlightUnavailable(command.requestId(), command.tripId()));
    }

    Reply cancel(CancelFlight command) {
        requests.compensate(command, booking -> {
            // a real desk would release booking.reference() here; the recorded request is this example's booking
        });
        return new FlightCancelled(command.requestId(), command.tripId());
    }
}
