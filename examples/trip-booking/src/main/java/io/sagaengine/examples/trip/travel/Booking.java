package io.sagaengine.examples.trip.travel;

import java.util.UUID;

/** What a desk decided for one request, recorded by {@code Requests}: a reference, or none when it had nothing. */
record Booking(String reference) {

    static Booking newBooking(String prefix) {
        return new Booking(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static Booking refused() {
        return new Booking(null);
    }

    boolean made() {
        return reference != null;
    }
}
