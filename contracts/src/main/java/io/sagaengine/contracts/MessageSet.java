package io.sagaengine.contracts;

import java.util.List;

/**
 * The commands and replies one module defines, and so the topics they travel on: code that needs the topics of a
 * flow (to create, copy or watch them) asks its set, rather than listing them again. A module registers its set by naming the class in
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

    /** Every topic the set's messages go to, in the order of its descriptors: each named once, here. */
    default List<String> topics() {
        return descriptors().stream().map(MessageDescriptor::topic).distinct().toList();
    }

    /** The topics its commands go to (the participants read them). */
    default List<String> commandTopics() {
        return topicsOf(MessageKind.COMMAND);
    }

    /** The topics its replies go to (the orchestrator reads them). */
    default List<String> replyTopics() {
        return topicsOf(MessageKind.REPLY);
    }

    private List<String> topicsOf(MessageKind kind) {
        return descriptors().stream().filter(d -> d.kind() == kind).map(MessageDescriptor::topic).distinct().toList();
    }
}
