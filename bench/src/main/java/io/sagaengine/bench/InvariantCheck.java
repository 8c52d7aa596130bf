package io.sagaengine.bench;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The system invariants I1-I4 over the HTTP APIs, for the orders of one run: every order terminal with the
 * outcome its kind plans (I1), net charged equal to the total when completed and zero otherwise, never two
 * charges (I2), stock conserved per SKU and at most one live reservation per order (I3), a shipment if and only
 * if the order completed (I4).
 */
final class InvariantCheck {

    private static final int PARALLEL = 16;

    private InvariantCheck() {
    }

    /** What the system says about one order, read after the run. */
    record OrderFacts(JsonNode order, JsonNode payments, JsonNode reservations, JsonNode shipments) {
    }

    static List<String> run(SystemHttp http, List<TrackedOrder> orders, Map<String, Integer> initialStock)
            throws InterruptedException {
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Map<TrackedOrder, String> finalStatus = new java.util.concurrent.ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(PARALLEL);
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (TrackedOrder order : orders) {
            if (order.orderId == null) {
                continue; // never accepted: counted as an error of the run
            }
            permits.acquire();
            String id = order.orderId;
            CompletableFuture<JsonNode> state = http.operatorGet(http.urls().orders(), "/orders/" + id);
            CompletableFuture<JsonNode> payments = http.operatorGet(http.urls().payment(), "/payments?orderId=" + id);
            CompletableFuture<JsonNode> reservations =
                    http.operatorGet(http.urls().inventory(), "/reservations?orderId=" + id);
            CompletableFuture<JsonNode> shipments = http.operatorGet(http.urls().shipping(), "/shipments?orderId=" + id);
            checks.add(CompletableFuture.allOf(state, payments, reservations, shipments).handle((ok, failure) -> {
                permits.release();
                if (failure != null) {
                    violations.add("order " + id + ": could not read its state: " + failure.getMessage());
                } else {
                    OrderFacts facts = new OrderFacts(state.join(), payments.join(), reservations.join(),
                            shipments.join());
                    finalStatus.put(order, facts.order().path("status").asString());
                    violations.addAll(checkOrder(order.plan, id, facts));
                }
                return null;
            }));
        }
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
        Map<String, JsonNode> stock = new HashMap<>();
        for (String sku : initialStock.keySet()) {
            stock.put(sku, http.operatorGet(http.urls().inventory(), "/stock/" + sku).join());
        }
        List<Map.Entry<Fixtures.PlannedOrder, String>> outcomes = new ArrayList<>();
        finalStatus.forEach((order, status) -> outcomes.add(Map.entry(order.plan, status)));
        violations.addAll(checkStock(initialStock, stock, outcomes));
        return List.copyOf(violations);
    }

    /** I1, I2, I3 (per order) and I4 for one order. */
    static List<String> checkOrder(Fixtures.PlannedOrder plan, String orderId, OrderFacts facts) {
        List<String> violations = new ArrayList<>();
        String status = facts.order().path("status").asString();
        JsonNode reasonNode = facts.order().path("reason");
        String reason = reasonNode.isMissingNode() || reasonNode.isNull() ? null : reasonNode.asString();
        String what = "order " + orderId + " (" + plan.kind().label() + ")";
        if (!status.equals("COMPLETED") && !status.equals("CANCELLED")) {
            violations.add("I1 " + what + " is " + status + ", not terminal");
            return violations; // what it charged or reserved so far is not final
        }
        if (!status.equals(plan.kind().expectedStatus())
                || !java.util.Objects.equals(reason, plan.kind().expectedReason())) {
            violations.add("I1 " + what + " ended " + status + (reason == null ? "" : " " + reason) + ", planned "
                    + plan.kind().expectedStatus()
                    + (plan.kind().expectedReason() == null ? "" : " " + plan.kind().expectedReason()));
        }
        boolean completed = status.equals("COMPLETED");
        long charges = elements(facts.payments().path("payments"))
                .filter(p -> List.of("CHARGED", "REFUNDED").contains(p.path("status").asString())).count();
        if (charges > 1) {
            violations.add("I2 " + what + " was charged " + charges + " times");
        }
        BigDecimal net = new BigDecimal(facts.payments().path("netCharged").asString("0"));
        BigDecimal expectedNet = completed ? plan.total() : BigDecimal.ZERO;
        if (net.compareTo(expectedNet) != 0) {
            violations.add("I2 " + what + " " + status + ": net charged " + net + ", expected " + expectedNet);
        }
        long live = elements(facts.reservations()).filter(r -> r.path("status").asString().equals("RESERVED")).count();
        long made = elements(facts.reservations())
                .filter(r -> List.of("RESERVED", "RELEASED").contains(r.path("status").asString())).count();
        if (live != (completed ? 1 : 0) || made > 1) {
            violations.add("I3 " + what + " " + status + ": " + live + " live reservations, " + made + " made");
        }
        long shipments = elements(facts.shipments()).filter(s -> s.path("status").asString().equals("SCHEDULED"))
                .count();
        if (shipments != (completed ? 1 : 0)) {
            violations.add("I4 " + what + " " + status + ": " + shipments + " shipments");
        }
        return violations;
    }

    /** I3 per SKU: never negative, initial = available + reserved, reserved = what completed orders took. */
    static List<String> checkStock(Map<String, Integer> initial, Map<String, JsonNode> stock,
                                   List<Map.Entry<Fixtures.PlannedOrder, String>> outcomes) {
        Map<String, Integer> taken = new HashMap<>();
        for (Map.Entry<Fixtures.PlannedOrder, String> outcome : outcomes) {
            if (outcome.getValue().equals("COMPLETED")) {
                taken.merge(outcome.getKey().sku(), outcome.getKey().quantity(), Integer::sum);
            }
        }
        List<String> violations = new ArrayList<>();
        initial.forEach((sku, start) -> {
            int available = stock.get(sku).path("available").asInt();
            int reserved = stock.get(sku).path("reserved").asInt();
            if (available < 0 || available + reserved != start || reserved != taken.getOrDefault(sku, 0)) {
                violations.add("I3 SKU " + sku + ": available " + available + " + reserved " + reserved
                        + ", initial " + start + ", taken by completed orders " + taken.getOrDefault(sku, 0));
            }
        });
        return violations;
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
