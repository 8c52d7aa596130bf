package io.sagaengine.contracts.inventory;

import java.util.UUID;

public record InventoryReleased(UUID requestId, String orderId) implements InventoryReply {
}
