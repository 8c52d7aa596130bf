package io.sagaengine.examples.trip.messages;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.ContractMessage;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.MessageSet;
import io.sagaengine.contracts.Reply;

import java.util.List;
import java.util.UUID;

import static io.sagaengine.contracts.MessageDescriptor.command;
import static io.sagaengine.contracts.MessageDescriptor.compensation;
import static io.sagaengine.contracts.MessageDescriptor.reply;

/**
 * The trip flow's commands and replies, registered in {@code META-INF/services/io.sagaengine.contracts.MessageSet}.
 * Every message carries the trip id, its business key.
 */
public final class TripMessages implements MessageSet {

    public static final String FLIGHT_COMMANDS = "flight.commands";
    public static final String FLIGHT_REPLIES = "flight.replies";
    public static final String HOTEL_COMMANDS = "hotel.commands";
    public static final String HOTEL_REPLIES = "hotel.replies";
    public static final String CAR_COMMANDS = "car.commands";
    public static final String CAR_REPLIES = "car.replies";

    /** A message of the trip flow: its business key is the trip id. */
    public interface TripMessage extends ContractMessage {
        String tripId();

        @Override
        default String businessKey() {
            return tripId();
        }
    }

    public record BookFlight(UUID requestId, String tripId, String from, String to) implements Command, TripMessage {
    }

    public record CancelFlight(UUID requestId, String tripId) implements Command, TripMessage {
    }

    public record FlightBooked(UUID requestId, String tripId, String ticket) implements Reply, TripMessage {
    }

    public record FlightUnavailable(UUID requestId, String tripId) implements Reply, TripMessage {
    }

    public record FlightCancelled(UUID requestId, String tripId) implements Reply, TripMessage {
    }

    public record BookHotel(UUID requestId, String tripId, String city, int nights) implements Command, TripMessage {
    }

    public record CancelHotel(UUID requestId, String tripId) implements Command, TripMessage {
    }

    public record HotelBooked(UUID requestId, String tripId, String confirmation) implements Reply, TripMessage {
    }

    public record HotelUnavailable(UUID requestId, String tripId) implements Reply, TripMessage {
    }

    public record HotelCancelled(UUID requestId, String tripId) implements Reply, TripMessage {
    }

    public record RentCar(UUID requestId, String tripId, String city, String carClass) implements Command, TripMessage {
    }

    public record CarRented(UUID requestId, String tripId, String voucher) implements Reply, TripMessage {
    }

    public record CarUnavailable(UUID requestId, String tripId) implements Reply, TripMessage {
    }

    @Override
    public List<MessageDescriptor> descriptors() {
        return List.of(
                command(BookFlight.class, FLIGHT_COMMANDS), compensation(CancelFlight.class, FLIGHT_COMMANDS),
                reply(FlightBooked.class, FLIGHT_REPLIES), reply(FlightUnavailable.class, FLIGHT_REPLIES),
                reply(FlightCancelled.class, FLIGHT_REPLIES),
                command(BookHotel.class, HOTEL_COMMANDS), compensation(CancelHotel.class, HOTEL_COMMANDS),
                reply(HotelBooked.class, HOTEL_REPLIES), reply(HotelUnavailable.class, HOTEL_REPLIES),
                reply(HotelCancelled.class, HOTEL_REPLIES),
                command(RentCar.class, CAR_COMMANDS),
                reply(CarRented.class, CAR_REPLIES), reply(CarUnavailable.class, CAR_REPLIES));
    }
}
