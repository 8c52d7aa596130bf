package io.sagaengine.contracts.inventory;

import io.sagaengine.contracts.Command;

public sealed interface InventoryCommand extends Command permits ReserveInventory, ReleaseInventory {
}
