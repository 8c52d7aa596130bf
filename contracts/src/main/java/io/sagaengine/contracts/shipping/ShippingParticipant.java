package io.sagaengine.contracts.shipping;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;

import java.util.List;
import java.util.UUID;

/** The shipping participant as the saga sees it: its topics, its messages and how to build its commands. */
public final class ShippingParticipant {

    public static final String NAME = "shipping";
    public static final String COMMAND_TOPIC = Topics.SHIPPING_COMMANDS;
    public static final String REPLY_TOPIC = Topics.SHIPPING_REPLIES;

    private static final List<Class<? extends ShippingCommand>> COMMAND_TYPES =
            List.of(ScheduleShipment.class, CancelShipment.class);
    private static final List<Class<? extends ShippingReply>> REPLY_TYPES =
            List.of(ShipmentScheduled.class, ShippingUnavailable.class, ShipmentCancelled.class);

    private ShippingParticipant() {
    }

    public static List<Class<? extends ShippingCommand>> commandTypes() {
        return COMMAND_TYPES;
    }

    public static List<Class<? extends ShippingReply>> replyTypes() {
        return REPLY_TYPES;
    }

    public static ScheduleShipment schedule(UUID requestId, String orderId, Address address, List<OrderLine> lines) {
        return new ScheduleShipment(requestId, orderId, address, lines);
    }

    /** The compensation of {@code schedule}: same requestId. */
    public static CancelShipment cancel(ScheduleShipment schedule) {
        return cancel(schedule.requestId(), schedule.orderId());
    }

    /** {@code requestId} must be the one of the shipment being cancelled. */
    public static CancelShipment cancel(UUID requestId, String orderId) {
        return new CancelShipment(requestId, orderId);
    }
}
