package io.sagaengine.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * Settings of the inventory participant ({@code inventory.*}).
 *
 * @param seed stock per SKU ({@code inventory.seed.SKU-1=100}), written once at start-up for SKUs that are not in the
 *             database yet; stock already there is never overwritten
 */
@ConfigurationProperties("inventory")
record InventoryProperties(@DefaultValue Map<String, Integer> seed) {
}
