package io.sagaengine.contracts;

import java.util.List;

/**
 * The commands and replies one module defines. A module registers its set by naming the class in
 * {@code META-INF/services/io.sagaengine.contracts.MessageSet} (it needs a public no-argument constructor);
 * {@link MessageCatalog#discovered()} then holds its messages next to every other module's.
 *
 * <pre>{@code
 * public final class TripMessages implements MessageSet {
 *     public List<MessageDescriptor> descriptors() {
 *         return List.of(MessageDescriptor.command(BookFlight.class, "flight.commands"),
 *                 MessageDescriptor.compensation(CancelFlight.class, "flight.commands"),
 *                 MessageDescriptor.reply(FlightBooked.class, "flight.replies"), ...);
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MessageSet {

    List<MessageDescriptor> descriptors();
}
