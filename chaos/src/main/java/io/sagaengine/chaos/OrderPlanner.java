package io.sagaengine.chaos;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mixed workload: 70 % of orders complete, 10 % are declined (a customer over their credit), 10 % are out
 * of stock (a line of a SKU with no stock), 10 % cannot be shipped (a country the shipping participant does
 * not serve: it serves DE, FR, NL, AT, BE, US and GB by default).
 */
final class OrderPlanner {

    static final String SERVED_COUNTRY = "DE";
    static final String UNSERVED_COUNTRY = "JP";
    private static final BigDecimal UNIT_PRICE = new BigDecimal("10.00");

    private final Fixtures fixtures;
    private final Random random;
    private final AtomicInteger sequence = new AtomicInteger();

    OrderPlanner(Fixtures fixtures, Random random) {
        this.fixtures = fixtures;
        this.random = random;
    }

    synchronized OrderPlan next() {
        int roll = random.nextInt(100);
        Expected expected = roll < 70 ? Expected.COMPLETED
                : roll < 80 ? Expected.PAYMENT_DECLINED
                : roll < 90 ? Expected.OUT_OF_STOCK
                : Expected.SHIPPING_UNAVAILABLE;
        return plan(String.format("%s-%06d", fixtures.prefix(), sequence.incrementAndGet()), expected, 0);
    }

    /** An order that should complete, under a key of the caller's choice; {@code variant} changes its body. */
    synchronized OrderPlan completing(String key, int variant) {
        return plan(key, Expected.COMPLETED, variant);
    }

    private OrderPlan plan(String key, Expected expected, int variant) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put(fixtures.skus().get(random.nextInt(fixtures.skus().size())), 1 + random.nextInt(3) + variant);
        if (random.nextBoolean()) {
            String other = fixtures.skus().get(random.nextInt(fixtures.skus().size()));
            lines.merge(other, 1, Integer::sum);
        }
        if (expected == Expected.OUT_OF_STOCK) {
            lines.put(fixtures.emptySku(), 1);
        }
        String customer = expected == Expected.PAYMENT_DECLINED ? fixtures.poorCustomer()
                : fixtures.richCustomers().get(random.nextInt(fixtures.richCustomers().size()));
        String country = expected == Expected.SHIPPING_UNAVAILABLE ? UNSERVED_COUNTRY : SERVED_COUNTRY;
        BigDecimal total = lines.values().stream().map(q -> UNIT_PRICE.multiply(BigDecimal.valueOf(q)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderPlan(key, body(customer, country, lines), expected, lines, total);
    }

    private static String body(String customer, String country, Map<String, Integer> lines) {
        StringBuilder items = new StringBuilder();
        lines.forEach((sku, quantity) -> items.append(items.isEmpty() ? "" : ",")
                .append("{\"sku\":\"").append(sku).append("\",\"quantity\":").append(quantity)
                .append(",\"unitPrice\":\"").append(UNIT_PRICE.toPlainString()).append("\"}"));
        return """
                {"customerId":"%s","currency":"EUR","items":[%s],\
                "shippingAddress":{"name":"Chaos","line1":"Street 1","city":"City","postalCode":"12345","country":"%s"}}"""
                .formatted(customer, items, country);
    }
}
