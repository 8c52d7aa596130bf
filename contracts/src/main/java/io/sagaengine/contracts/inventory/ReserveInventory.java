package io.sagaengine.contracts.inventory;

import io.sagaengine.contracts.Messages;
import io.sagaengine.contracts.common.OrderLine;

import java.util.List;
import java.util.UUID;

/** Reserve every line or none. Replies: {@link InventoryReserved} or {@link InventoryUnavailable}. */
public record ReserveInventory(UUID requestId, String orderId, List<OrderLine> lines) implements InventoryCommand {

    public ReserveInventory {
        lines = Messages.immutableCopy(lines);
    }
}
