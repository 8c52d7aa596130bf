package io.sagaengine.chaos;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads what the checks need once a scenario has settled. */
final class EvidenceCollector {

    /** How long committed outbox rows may take to show up on their topics after the orders settled. */
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(60);

    private final Databases databases;
    private final Api api;
    private final TopicLog topics;

    EvidenceCollector(Databases databases, Api api, TopicLog topics) {
        this.databases = databases;
        this.api = api;
        this.topics = topics;
    }

    /** @param acceptedLosses outbox message ids whose loss was accepted: not waited for */
    Evidence collect(Workload workload, Fixtures fixtures, Set<String> acceptedLosses) throws Exception {
        Map<String, Databases.OrderRow> orders = databases.orders(fixtures.prefix()).stream()
                .collect(Collectors.toMap(Databases.OrderRow::key, Function.identity()));
        List<String> orderIds = orders.values().stream().map(Databases.OrderRow::id).toList();
        Set<String> sagaIds = orders.values().stream().map(Databases.OrderRow::sagaId).collect(Collectors.toSet());
        Map<String, JsonNode> views = new HashMap<>();
        for (String orderId : orderIds) {
            try {
                views.put(orderId, api.order(orderId));
            } catch (IOException e) {
                // reported by the checks as unreadable
            }
        }
        Map<String, JsonNode> stock = new HashMap<>();
        for (String sku : fixtures.initialStock().keySet()) {
            stock.put(sku, api.stock(sku));
        }
        AtomicReference<List<Databases.OutboxRow>> outbox = new AtomicReference<>();
        AtomicReference<List<Delivery>> deliveries = new AtomicReference<>();
        Poll.until(DRAIN_WITHIN, Duration.ofMillis(500), () -> {
            try {
                outbox.set(databases.outbox(sagaIds));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            deliveries.set(topics.withKeys(sagaIds));
            return MessageChecks.undelivered(outbox.get(), deliveries.get()).stream()
                    .allMatch(row -> acceptedLosses.contains(row.id()));
        });
        return new Evidence(workload.orders(), orders, views, databases.sagasPerOrder(orderIds),
                databases.payments(orderIds), databases.reservations(orderIds), databases.shipments(orderIds),
                databases.repeatedRequestIds(orderIds), stock, outbox.get(), deliveries.get());
    }
}
