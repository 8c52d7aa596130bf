package io.sagaengine.chaos;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hand-made evidence for the checks' unit tests: one scenario's orders, effects and deliveries. */
final class EvidenceBuilder {

    static final Fixtures FIXTURES = Fixtures.of("test", "unit");

    final List<PlacedOrder> placed = new ArrayList<>();
    final Map<String, Databases.OrderRow> orders = new HashMap<>();
    final Map<String, JsonNode> views = new HashMap<>();
    final Map<String, Integer> sagas = new HashMap<>();
    final List<Databases.EffectRow> payments = new ArrayList<>();
    final List<Databases.EffectRow> reservations = new ArrayList<>();
    final List<Databases.EffectRow> shipments = new ArrayList<>();
    final Map<String, JsonNode> stock = new HashMap<>();
    final List<Databases.OutboxRow> outbox = new ArrayList<>();
    final List<Delivery> deliveries = new ArrayList<>();
    private final OrderPlanner planner = new OrderPlanner(FIXTURES, new java.util.Random(1));

    EvidenceBuilder() {
        FIXTURES.initialStock().forEach((sku, initial) -> stock(sku, initial, 0));
    }

    /** An order planned to complete, answered 202, in the given state, with one saga. */
    PlacedOrder order(String id, String status, String reason, String sagaStatus) {
        OrderPlan plan = planner.next();
        while (plan.expected() != Expected.COMPLETED) {
            plan = planner.next();
        }
        PlacedOrder order = new PlacedOrder(plan);
        order.answered(new Api.Answer(202, id, "saga-" + id, null));
        placed.add(order);
        orders.put(plan.key(), new Databases.OrderRow(id, "saga-" + id, plan.key(), status, reason, plan.total(), sagaStatus));
        views.put(id, Api.JSON.readTree("{\"status\":\"" + status + "\"}"));
        sagas.put(id, 1);
        return order;
    }

    /** A completed order with every effect it should have, and its stock taken. */
    PlacedOrder completed(String id) {
        PlacedOrder order = order(id, "COMPLETED", null, "COMPLETED");
        payments.add(new Databases.EffectRow(id, "pay-" + id, "CHARGED", order.plan().total(), true));
        reservations.add(new Databases.EffectRow(id, "res-" + id, "RESERVED", null, false));
        shipments.add(new Databases.EffectRow(id, "ship-" + id, "SCHEDULED", null, false));
        order.plan().lines().forEach((sku, quantity) -> {
            JsonNode current = stock.get(sku);
            stock(sku, current.path("available").asInt() - quantity, current.path("reserved").asInt() + quantity);
        });
        return order;
    }

    OrderPlanner planner() {
        return planner;
    }

    void stock(String sku, int available, int reserved) {
        stock.put(sku, Api.JSON.readTree("{\"available\":" + available + ",\"reserved\":" + reserved + "}"));
    }

    void outboxRow(String id, String topic, String saga, long position) {
        outbox.add(new Databases.OutboxRow("orders", id, topic, saga, "Type" + id, position));
    }

    void delivered(String id, String topic, String saga, long offset, boolean injected) {
        deliveries.add(new Delivery(topic, 0, offset, saga, id, "Type" + id, saga, offset, injected, null));
    }

    Evidence build() {
        return new Evidence(placed, orders, views, sagas, payments, reservations, shipments, List.of(), stock, outbox,
                deliveries);
    }

    static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
