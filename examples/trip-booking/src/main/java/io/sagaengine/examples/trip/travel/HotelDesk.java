package io.sagaengine.examples.trip.travel;

import io.sagaengine.contracts.Reply;
import io.sagaengine.examples.trip.messages.TripMessages.BookHotel;
import io.sagaengine.examples.trip.messages.TripMessages.CancelHotel;
import io.sagaengine.examples.trip.messages.TripMessages.HotelBooked;
import io.sagaengine.examples.trip.messages.TripMessages.HotelCancelled;
import io.sagaengine.examples.trip.messages.TripMessages.HotelUnavailable;
import io.sagaengine.service.participant.requests.Requests;

/** Books a room for stays up to the longest allowed; cancelling frees it. */
final class HotelDesk {

    private final Requests<Booking> requests;
    private final TravelRules rules;

    HotelDesk(Requests<Booking> requests, TravelRules rules) {
        this.requests = requests;
        this.rules = rules;
    }

    Reply book(BookHotel command) {
        return requests.forward(command, () -> command.nights() > rules.maxNights()
                        ? Booking.refused() : Booking.newBooking("HTL"))
                .reply(booking -> booking.made()
                                ? new HotelBooked(command.requestId(), command.tripId(), booking.reference())
                                : new HotelUnavailable(command.requestId(), command.tripId()),
                        () -> new HotelUnavailable(command.requestId(), command.tripId()));
    }

    Reply cancel(CancelHotel command) {
        requests.compensate(command, booking -> {
            // a real desk would free booking.reference() here
        });
        return new HotelCancelled(command.requestId(), command.tripId());
    }
}
