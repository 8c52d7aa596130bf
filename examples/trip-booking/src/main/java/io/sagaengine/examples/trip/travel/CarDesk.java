package io.sagaengine.examples.trip.travel;

import io.sagaengine.contracts.Reply;
import io.sagaengine.examples.trip.messages.TripMessages.CarRented;
import io.sagaengine.examples.trip.messages.TripMessages.CarUnavailable;
import io.sagaengine.examples.trip.messages.TripMessages.RentCar;
import io.sagaengine.service.participant.requests.Requests;

/** Rents a car of the classes it has; the trip's last step, so there is nothing to undo. */
final class CarDesk {

    private final Requests<Booking> requests;
    private final TravelRules rules;

    CarDesk(Requests<Booking> requests, TravelRules rules) {
        this.requests = requests;
        this.rules = rules;
    }

    Reply rent(RentCar command) {
        return requests.forward(command, () -> rules.carClasses().contains(command.carClass())
                        ? Booking.newBooking("CAR") : Booking.refused())
                .reply(booking -> booking.made()
                                ? new CarRented(command.requestId(), command.tripId(), booking.reference())
                                : new CarUnavailable(command.requestId(), command.tripId()),
                        () -> new CarUnavailable(command.requestId(), command.tripId()));
    }
}
