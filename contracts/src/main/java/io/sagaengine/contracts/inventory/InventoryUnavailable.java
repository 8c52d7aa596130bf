package io.sagaengine.contracts.inventory;

import io.sagaengine.contracts.Messages;

import java.util.List;
import java.util.UUID;

/** Nothing was reserved; {@code skus} names the lines that could not be served (empty when none applies). */
public record InventoryUnavailable(UUID requestId, String orderId, String reason, List<String> skus)
        implements InventoryReply {

    public static final String UNKNOWN_SKU = "UNKNOWN_SKU";
    public static final String INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK";
    /** The release for this requestId arrived first, so the late reservation is not made. */
    public static final String ALREADY_COMPENSATED = "ALREADY_COMPENSATED";

    public InventoryUnavailable {
        skus = Messages.immutableCopy(skus);
    }
}
