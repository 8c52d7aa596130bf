package io.sagaengine.contracts.inventory;

import io.sagaengine.contracts.Reply;
import io.sagaengine.contracts.common.OrderMessage;

public sealed interface InventoryReply extends Reply, OrderMessage permits InventoryReserved, InventoryUnavailable, InventoryReleased {
}
