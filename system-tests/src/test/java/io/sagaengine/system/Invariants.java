package io.sagaengine.system;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The invariants every test of the whole system checks (DESIGN.md I1-I4, I6), per order and per SKU. */
final class Invariants {

    /** An order as the test placed it: its lines and the final state the system reported. */
    record PlacedOrder(String orderId, Map<String, Integer> lines, JsonNode finalState) {
        String status() {
            return finalState.path("status").asString();
        }
    }

    private Invariants() {
    }

    static void checkOrder(SystemApi api, PlacedOrder order) {
        String status = order.status();
        assertThat(status).as("I1 %s terminates", order.orderId()).isIn("COMPLETED", "CANCELLED");
        BigDecimal total = order.lines().values().stream().map(q -> new BigDecimal("10.00").multiply(BigDecimal.valueOf(q)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        JsonNode payments = api.payments(order.orderId());
        long charges = stream(payments.path("payments")).filter(p -> List.of("CHARGED", "REFUNDED").contains(p.path("status").asString())).count();
        assertThat(charges).as("I2 never charged twice: %s", order.orderId()).isLessThanOrEqualTo(1);
        BigDecimal net = new BigDecimal(payments.path("netCharged").asString("0"));
        if (status.equals("COMPLETED")) {
            assertThat(net).as("I2 net charged of completed %s", order.orderId()).isEqualByComparingTo(total);
        } else {
            assertThat(net).as("I2 net charged of cancelled %s", order.orderId()).isEqualByComparingTo(BigDecimal.ZERO);
        }
        long activeReservations = stream(api.reservations(order.orderId()))
                .filter(r -> r.path("status").asString().equals("RESERVED")).count();
        assertThat(activeReservations).as("I3 reservations of %s", order.orderId())
                .isEqualTo(status.equals("COMPLETED") ? 1 : 0);
        long shipments = stream(api.shipments(order.orderId()))
                .filter(s -> s.path("status").asString().equals("SCHEDULED")).count();
        assertThat(shipments).as("I4 shipments of %s", order.orderId()).isEqualTo(status.equals("COMPLETED") ? 1 : 0);
    }

    /** I3 per SKU: initial = available + reserved, and reserved = what completed orders took. */
    static void checkStock(SystemApi api, Map<String, Integer> initial, List<PlacedOrder> orders) {
        Map<String, Integer> taken = new HashMap<>();
        for (PlacedOrder order : orders) {
            if (order.status().equals("COMPLETED")) {
                order.lines().forEach((sku, q) -> taken.merge(sku, q, Integer::sum));
            }
        }
        initial.forEach((sku, start) -> {
            JsonNode stock = api.stock(sku);
            int available = stock.path("available").asInt();
            int reserved = stock.path("reserved").asInt();
            assertThat(available).as("I3 %s never negative", sku).isGreaterThanOrEqualTo(0);
            assertThat(available + reserved).as("I3 %s conserved", sku).isEqualTo(start);
            assertThat(reserved).as("I3 %s reserved by completed orders", sku).isEqualTo(taken.getOrDefault(sku, 0));
        });
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
