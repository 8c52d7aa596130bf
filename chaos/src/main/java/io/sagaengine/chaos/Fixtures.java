package io.sagaengine.chaos;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A scenario's own customers and SKUs, so scenarios sharing one stack do not disturb each other's checks:
 * customers with plenty of credit, one whose credit limit is below any order total, SKUs with plenty of stock
 * and one with none.
 */
record Fixtures(String prefix, List<String> richCustomers, String poorCustomer, List<String> skus, String emptySku,
                Map<String, Integer> initialStock) {

    static final int STOCK = 1_000_000;
    static final String RICH_LIMIT = "1000000000.00";
    static final String POOR_LIMIT = "1.00";

    static Fixtures of(String runId, String scenario) {
        String prefix = "ch-" + runId + "-" + scenario;
        List<String> skus = IntStream.rangeClosed(1, 3).mapToObj(i -> prefix + "-sku" + i).toList();
        String empty = prefix + "-sku0";
        Map<String, Integer> initial = new LinkedHashMap<>();
        skus.forEach(sku -> initial.put(sku, STOCK));
        initial.put(empty, 0);
        return new Fixtures(prefix, IntStream.rangeClosed(1, 5).mapToObj(i -> prefix + "-rich" + i).toList(),
                prefix + "-poor", skus, empty, initial);
    }

    /** Sets the stock and credit limits through the participants' APIs. */
    void apply(Api api) throws IOException, InterruptedException {
        for (Map.Entry<String, Integer> stock : initialStock.entrySet()) {
            api.setStock(stock.getKey(), stock.getValue());
        }
        for (String customer : richCustomers) {
            api.setCreditLimit(customer, RICH_LIMIT);
        }
        api.setCreditLimit(poorCustomer, POOR_LIMIT);
    }
}
