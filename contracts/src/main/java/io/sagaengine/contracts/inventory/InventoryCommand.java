package io.sagaengine.contracts.inventory;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.common.OrderMessage;

public sealed interface InventoryCommand extends Command, OrderMessage permits ReserveInventory, ReleaseInventory {
}
