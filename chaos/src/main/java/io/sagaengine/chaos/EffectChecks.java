package io.sagaengine.chaos;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The participants' effects per order and per SKU: I2 money, I3 stock, I4 shipping, and I6 at most one
 * effect per request id.
 */
final class EffectChecks {

    private EffectChecks() {
    }

    static void check(Evidence evidence, Fixtures fixtures, Findings findings) {
        Map<String, List<Databases.EffectRow>> payments = byOrder(evidence.payments());
        Map<String, List<Databases.EffectRow>> reservations = byOrder(evidence.reservations());
        Map<String, List<Databases.EffectRow>> shipments = byOrder(evidence.shipments());
        for (Databases.OrderRow order : evidence.orders().values()) {
            String name = "order " + order.id() + " (" + order.status() + ")";
            List<Databases.EffectRow> charges = payments.getOrDefault(order.id(), List.of());
            long charged = charges.stream().filter(Databases.EffectRow::charged).count();
            if (charged > 1) {
                findings.violation("I2", name + " was charged " + charged + " times");
            }
            BigDecimal net = charges.stream().filter(p -> "CHARGED".equals(p.status())).map(Databases.EffectRow::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            long reserved = count(reservations, order, r -> "RESERVED".equals(r.status()));
            long scheduled = count(shipments, order, s -> "SCHEDULED".equals(s.status()));
            if (reserved > 1) {
                findings.violation("I3", name + " holds " + reserved + " reservations");
            }
            if (scheduled > 1) {
                findings.violation("I4", name + " has " + scheduled + " shipments");
            }
            switch (order.status()) {
                case "COMPLETED" -> {
                    if (net.compareTo(order.total()) != 0) {
                        findings.violation("I2", name + " total " + order.total() + " but net charged " + net);
                    }
                    if (reserved != 1) {
                        findings.violation("I3", name + " holds " + reserved + " reservations, expected 1");
                    }
                    if (scheduled != 1) {
                        findings.violation("I4", name + " has " + scheduled + " shipments, expected 1");
                    }
                }
                case "CANCELLED" -> {
                    if (net.signum() != 0) {
                        findings.violation("I2", name + " net charged " + net + ", expected 0");
                    }
                    if (reserved != 0) {
                        findings.violation("I3", name + " still holds " + reserved + " reservations");
                    }
                    if (scheduled != 0) {
                        findings.violation("I4", name + " has " + scheduled + " shipments, expected none");
                    }
                }
                default -> {
                    // still PENDING: I1 reports it; a saga that needs attention may hold effects until support acts
                }
            }
        }
        checkStock(evidence, fixtures, findings);
        evidence.repeatedRequestIds().forEach(r -> findings.violation("I6", r));
    }

    /** Per SKU: initial = available + reserved, never negative, and reserved = what completed orders took. */
    private static void checkStock(Evidence evidence, Fixtures fixtures, Findings findings) {
        Map<String, String> keysToOrders = new HashMap<>();
        evidence.orders().values().forEach(o -> keysToOrders.put(o.key(), o.status()));
        boolean settled = evidence.orders().values().stream().allMatch(o -> !"PENDING".equals(o.status()));
        Map<String, Integer> taken = new HashMap<>();
        for (PlacedOrder placed : evidence.placed()) {
            if ("COMPLETED".equals(keysToOrders.get(placed.plan().key()))) {
                placed.plan().lines().forEach((sku, quantity) -> taken.merge(sku, quantity, Integer::sum));
            }
        }
        fixtures.initialStock().forEach((sku, initial) -> {
            JsonNode stock = evidence.stock().get(sku);
            if (stock == null) {
                findings.violation("I3", "stock of " + sku + " could not be read");
                return;
            }
            int available = stock.path("available").asInt();
            int reserved = stock.path("reserved").asInt();
            if (available < 0 || reserved < 0) {
                findings.violation("I3", sku + " is negative: available " + available + ", reserved " + reserved);
            }
            if (available + reserved != initial) {
                findings.violation("I3", sku + ": available " + available + " + reserved " + reserved + " != initial "
                        + initial);
            }
            if (settled && reserved != taken.getOrDefault(sku, 0)) {
                findings.violation("I3", sku + ": reserved " + reserved + " but completed orders took "
                        + taken.getOrDefault(sku, 0));
            }
        });
    }

    private static Map<String, List<Databases.EffectRow>> byOrder(List<Databases.EffectRow> rows) {
        return rows.stream().collect(Collectors.groupingBy(Databases.EffectRow::orderId));
    }

    private static long count(Map<String, List<Databases.EffectRow>> rows, Databases.OrderRow order,
                              Predicate<Databases.EffectRow> filter) {
        return rows.getOrDefault(order.id(), List.of()).stream().filter(filter).count();
    }
}
