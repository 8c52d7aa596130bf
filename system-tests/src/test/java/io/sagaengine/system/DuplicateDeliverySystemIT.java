package io.sagaengine.system;

import io.sagaengine.contracts.Topics;
import io.sagaengine.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and every reply is delivered twice: no effect happens twice anywhere (I6). */
class DuplicateDeliverySystemIT {

    @Test
    void everyCommandAndReplyDeliveredTwiceHasNoDoubleEffect() throws Exception {
        LocalStack stack = SystemStack.get();
        SystemApi api = new SystemApi(stack);
        String sku = SystemApi.unique("DUP");
        Map<String, Integer> initial = Map.of(sku, 40);
        api.setStock(sku, 40);

        List<Invariants.PlacedOrder> orders = new ArrayList<>();
        long copied;
        try (Duplicator duplicator = new Duplicator(stack.kafkaBootstrapServers(), List.of(
                Topics.PAYMENT_COMMANDS, Topics.INVENTORY_COMMANDS, Topics.SHIPPING_COMMANDS,
                Topics.PAYMENT_REPLIES, Topics.INVENTORY_REPLIES, Topics.SHIPPING_REPLIES))) {
            List<String> ids = new ArrayList<>();
            List<Map<String, Integer>> lines = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Map<String, Integer> order = new LinkedHashMap<>();
                order.put(i % 6 == 5 ? SystemApi.unique("GONE") : sku, 1 + i % 2);
                String country = i % 6 == 4 ? "JP" : "DE";
                ids.add(api.accepted(SystemApi.order(SystemApi.unique("dup"), country, order)).path("orderId").asString());
                lines.add(order);
            }
            for (int i = 0; i < ids.size(); i++) {
                JsonNode finalState = api.awaitFinal(ids.get(i), Duration.ofSeconds(120));
                orders.add(new Invariants.PlacedOrder(ids.get(i), lines.get(i), finalState));
            }
            copied = duplicator.copied();
        }
        for (Invariants.PlacedOrder order : orders) {
            Invariants.checkOrder(api, order);
        }
        Invariants.checkStock(api, initial, orders);
        // at least a command and a reply per step that ran: 30 orders, 2 to 6 messages each
        assertThat(copied).as("duplicates actually delivered").isGreaterThanOrEqualTo(30 * 2);
        System.out.println("DuplicateDeliverySystemIT: " + copied + " records delivered twice");
        assertThat(orders).extracting(Invariants.PlacedOrder::status).contains("COMPLETED", "CANCELLED");
    }
}
