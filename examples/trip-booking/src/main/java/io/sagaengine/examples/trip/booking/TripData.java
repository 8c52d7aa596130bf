package io.sagaengine.examples.trip.booking;

import java.util.UUID;

/** What the trip saga carries from step to step: the trip as asked for, then what each booking answered. */
public record TripData(UUID tripId, String from, String to, int nights, String carClass,
                       String ticket, String hotelConfirmation, String carVoucher) {

    public static TripData of(UUID tripId, String from, String to, int nights, String carClass) {
        return new TripData(tripId, from, to, nights, carClass, null, null, null);
    }

    String key() {
        return tripId.toString();
    }

    TripData withTicket(String ticket) {
        return new TripData(tripId, from, to, nights, carClass, ticket, hotelConfirmation, carVoucher);
    }

    TripData withHotel(String confirmation) {
        return new TripData(tripId, from, to, nights, carClass, ticket, confirmation, carVoucher);
    }

    TripData withCar(String voucher) {
        return new TripData(tripId, from, to, nights, carClass, ticket, hotelConfirmation, voucher);
    }
}
