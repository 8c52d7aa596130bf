package io.sagaengine.chaos;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * I1 (every accepted order ends), I7 (one Idempotency-Key, one order, one saga, the same answer), a refused
 * request stores nothing, and the spurious outcomes: an order that ended otherwise than the workload planned it,
 * or whose saga needs attention.
 */
final class OrderChecks {

    private OrderChecks() {
    }

    static void check(Evidence evidence, Findings findings) {
        for (PlacedOrder placed : evidence.placed()) {
            checkAnswers(placed, evidence, findings);
        }
        for (Databases.OrderRow order : evidence.orders().values()) {
            checkOutcome(order, evidence, findings);
        }
    }

    /**
     * Accepted orders that are not terminal: an order row still in flight (PENDING, its saga not parked for
     * support), or a key answered 202 whose order is missing. I1 reports each; this is their number.
     */
    static int stuck(Evidence evidence) {
        int stuck = (int) evidence.orders().values().stream().filter(Databases.OrderRow::inFlight).count();
        for (PlacedOrder placed : evidence.placed()) {
            boolean accepted = placed.answers().stream().anyMatch(a -> a.status() == 202);
            if (accepted && !evidence.orders().containsKey(placed.plan().key())) {
                stuck++;
            }
        }
        return stuck;
    }

    private static void checkAnswers(PlacedOrder placed, Evidence evidence, Findings findings) {
        String key = placed.plan().key();
        List<Api.Answer> answers = placed.answers();
        List<String> accepted = answers.stream().filter(a -> a.status() == 202).map(Api.Answer::orderId)
                .distinct().toList();
        if (accepted.size() > 1) {
            findings.violation("I7", "key " + key + " was answered with different orders " + accepted);
        }
        Api.Answer definitive = placed.definitive();
        Databases.OrderRow stored = evidence.orders().get(key);
        if (placed.onlyRefused() && stored != null) {
            findings.violation("REFUSED", "key " + key + " was only ever refused ("
                    + answers.stream().map(Api.Answer::outcome).collect(Collectors.joining(","))
                    + ") but order " + stored.id() + " was stored for it");
        }
        if (definitive == null && placed.refusedForGood()) {
            return; // shed with the system's load: not accepted, nothing to follow
        }
        if (definitive == null) {
            findings.violation("I7", "key " + key + " got no definitive answer in " + answers.size() + " attempts: "
                    + answers.stream().map(Api.Answer::outcome).collect(Collectors.joining(",")));
        } else if (definitive.status() != 202) {
            findings.violation("I7", "key " + key + " (a valid order) was refused with " + definitive.status() + ": "
                    + definitive.detail());
        }
        Databases.OrderRow row = evidence.orders().get(key);
        if (!accepted.isEmpty() && row == null) {
            findings.violation("I7", "key " + key + " was accepted as order " + accepted.get(0) + " but no order has the key");
        } else if (!accepted.isEmpty() && !Objects.equals(row.id(), accepted.get(0))) {
            findings.violation("I7", "key " + key + " was answered with order " + accepted.get(0) + " but the key's order is "
                    + row.id());
        }
    }

    private static void checkOutcome(Databases.OrderRow order, Evidence evidence, Findings findings) {
        String name = "order " + order.id() + " (key " + order.key() + ")";
        int sagas = evidence.sagasPerOrder().getOrDefault(order.id(), 0);
        if (sagas != 1) {
            findings.violation("I7", name + " has " + sagas + " sagas");
        }
        if (order.inFlight()) {
            findings.violation("I1", name + " is still PENDING (saga " + order.sagaStatus() + ") after the patience ran out");
        }
        JsonNode view = evidence.views().get(order.id());
        if (view == null) {
            findings.violation("API", name + " could not be read through GET /orders/{id}");
        } else if (!order.status().equals(view.path("status").asString())) {
            findings.violation("API", name + " is " + view.path("status").asString() + " through the API but "
                    + order.status() + " in the database");
        }
        PlacedOrder placed = evidence.placed().stream().filter(p -> p.plan().key().equals(order.key())).findFirst()
                .orElse(null);
        if (placed == null) {
            findings.violation("I7", name + " was not placed by the workload");
            return;
        }
        Expected expected = placed.plan().expected();
        if ("NEEDS_ATTENTION".equals(order.sagaStatus())) {
            findings.spurious(name + " planned " + expected.describe() + ": saga NEEDS_ATTENTION");
        } else if (!order.inFlight() && !expected.matches(order.status(), order.reason())) {
            findings.spurious(name + " planned " + expected.describe() + ", ended " + order.status()
                    + (order.reason() == null ? "" : "/" + order.reason()));
        }
    }
}
