package io.sagaengine.contracts.inventory;

import java.util.UUID;

/** Compensation of {@link ReserveInventory}, with the same requestId. Reply: {@link InventoryReleased}. */
public record ReleaseInventory(UUID requestId, String orderId) implements InventoryCommand {
}
