package io.sagaengine.contracts.inventory;

import io.sagaengine.contracts.Reply;

public sealed interface InventoryReply extends Reply permits InventoryReserved, InventoryUnavailable, InventoryReleased {
}
