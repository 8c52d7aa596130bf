package io.sagaengine.inventory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import java.util.Map;
import java.util.TreeMap;

/** Writes the configured stock of SKUs the database does not know yet; existing stock is left alone. */
final class StockSeeder implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StockSeeder.class);

    private final StockRepository stock;
    private final Map<String, Integer> seed;

    StockSeeder(StockRepository stock, Map<String, Integer> seed) {
        this.stock = stock;
        this.seed = new TreeMap<>(seed);
    }

    @Override
    public void afterPropertiesSet() {
        seed.forEach((sku, available) -> {
            if (available == null || available < 0) {
                throw new IllegalArgumentException("inventory.seed." + sku + " must be 0 or more, was " + available);
            }
        });
        int added = 0;
        for (Map.Entry<String, Integer> entry : seed.entrySet()) {
            if (stock.seed(entry.getKey(), entry.getValue())) {
                added++;
            }
        }
        if (!seed.isEmpty()) {
            log.info("Seeded {} new SKUs; {} were already stocked", added, seed.size() - added);
        }
    }
}
