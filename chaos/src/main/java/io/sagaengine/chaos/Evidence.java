package io.sagaengine.chaos;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * Everything the checks look at once a scenario has settled, read through the HTTP APIs, the databases and
 * the topic log.
 *
 * @param orders        the scenario's orders by Idempotency-Key
 * @param views         {@code GET /orders/{id}} by order id
 * @param stock         {@code GET /stock/{sku}} of the scenario's SKUs
 * @param deliveries    every delivery of records keyed by the scenario's saga ids (dead letters included)
 */
record Evidence(List<PlacedOrder> placed, Map<String, Databases.OrderRow> orders, Map<String, JsonNode> views,
                Map<String, Integer> sagasPerOrder, List<Databases.EffectRow> payments,
                List<Databases.EffectRow> reservations, List<Databases.EffectRow> shipments,
                List<String> repeatedRequestIds, Map<String, JsonNode> stock, List<Databases.OutboxRow> outbox,
                List<Delivery> deliveries) {
}
