package io.sagaengine.contracts.inventory;

import java.util.UUID;

public record InventoryReserved(UUID requestId, String orderId) implements InventoryReply {
}
