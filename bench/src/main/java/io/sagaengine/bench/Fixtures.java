package io.sagaengine.bench;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The customers and SKUs of one run, named after the run so runs against the same system never share them:
 * rich customers and stocked SKUs for orders that complete, a customer whose limit is below any order's total,
 * a SKU without stock, and a country shipping does not serve.
 */
final class Fixtures {

    static final int CUSTOMERS = 64;
    static final int SKUS = 64;
    static final int STOCK = 1_000_000_000;
    static final String RICH_LIMIT = "100000000000.00";
    static final String POOR_LIMIT = "1.00";
    static final BigDecimal UNIT_PRICE = new BigDecimal("12.50");

    /** An order as planned: what it is made of and what it must become. */
    record PlannedOrder(int index, OrderKind kind, String customerId, String sku, int quantity, String country) {
        BigDecimal total() {
            return UNIT_PRICE.multiply(BigDecimal.valueOf(quantity));
        }

        String body() {
            return """
                    {"customerId":"%s","currency":"EUR","items":[{"sku":"%s","quantity":%d,"unitPrice":"%s"}],\
                    "shippingAddress":{"name":"Bench","line1":"Street 1","city":"City","postalCode":"12345",\
                    "country":"%s"}}""".formatted(customerId, sku, quantity, UNIT_PRICE.toPlainString(), country);
        }
    }

    private final String prefix;
    private final String servedCountry;
    private final String unservedCountry;

    Fixtures(String prefix, String servedCountry, String unservedCountry) {
        this.prefix = prefix;
        this.servedCountry = servedCountry;
        this.unservedCountry = unservedCountry;
    }

    /** Sets credit limits and stock over the operator APIs; returns the initial stock per SKU. */
    Map<String, Integer> seed(SystemHttp http) {
        String payment = http.urls().payment();
        String inventory = http.urls().inventory();
        for (int i = 0; i < CUSTOMERS; i++) {
            http.operatorPut(payment, "/accounts/" + customer(i), "{\"creditLimit\":\"" + RICH_LIMIT + "\"}");
        }
        http.operatorPut(payment, "/accounts/" + poorCustomer(), "{\"creditLimit\":\"" + POOR_LIMIT + "\"}");
        Map<String, Integer> initial = new LinkedHashMap<>();
        for (int i = 0; i < SKUS; i++) {
            http.operatorPut(inventory, "/stock/" + sku(i), "{\"available\":" + STOCK + "}");
            initial.put(sku(i), STOCK);
        }
        http.operatorPut(inventory, "/stock/" + emptySku(), "{\"available\":0}");
        initial.put(emptySku(), 0);
        return initial;
    }

    PlannedOrder plan(int index, OrderKind kind) {
        int quantity = 1 + index % 3;
        return switch (kind) {
            case HAPPY -> new PlannedOrder(index, kind, customer(index), sku(index), quantity, servedCountry);
            case DECLINED -> new PlannedOrder(index, kind, poorCustomer(), sku(index), quantity, servedCountry);
            case OUT_OF_STOCK -> new PlannedOrder(index, kind, customer(index), emptySku(), quantity, servedCountry);
            case NOT_SHIPPABLE -> new PlannedOrder(index, kind, customer(index), sku(index), quantity, unservedCountry);
        };
    }

    private String customer(int i) {
        return prefix + "-c" + (i % CUSTOMERS);
    }

    private String poorCustomer() {
        return prefix + "-poor";
    }

    private String sku(int i) {
        return prefix + "-s" + (i % SKUS);
    }

    private String emptySku() {
        return prefix + "-empty";
    }
}
