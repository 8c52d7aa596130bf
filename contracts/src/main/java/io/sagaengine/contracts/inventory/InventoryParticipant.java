package io.sagaengine.contracts.inventory;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.common.OrderLine;

import java.util.List;
import java.util.UUID;

/** The inventory participant as the saga sees it: its topics, its messages and how to build its commands. */
public final class InventoryParticipant {

    public static final String NAME = "inventory";
    public static final String COMMAND_TOPIC = Topics.INVENTORY_COMMANDS;
    public static final String REPLY_TOPIC = Topics.INVENTORY_REPLIES;

    private static final List<Class<? extends InventoryCommand>> COMMAND_TYPES =
            List.of(ReserveInventory.class, ReleaseInventory.class);
    private static final List<Class<? extends InventoryReply>> REPLY_TYPES =
            List.of(InventoryReserved.class, InventoryUnavailable.class, InventoryReleased.class);

    private InventoryParticipant() {
    }

    public static List<Class<? extends InventoryCommand>> commandTypes() {
        return COMMAND_TYPES;
    }

    public static List<Class<? extends InventoryReply>> replyTypes() {
        return REPLY_TYPES;
    }

    public static ReserveInventory reserve(UUID requestId, String orderId, List<OrderLine> lines) {
        return new ReserveInventory(requestId, orderId, lines);
    }

    /** The compensation of {@code reserve}: same requestId. */
    public static ReleaseInventory release(ReserveInventory reserve) {
        return release(reserve.requestId(), reserve.orderId());
    }

    /** {@code requestId} must be the one of the reservation being released. */
    public static ReleaseInventory release(UUID requestId, String orderId) {
        return new ReleaseInventory(requestId, orderId);
    }
}
