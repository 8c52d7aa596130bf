package io.sagaengine.bench;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InvariantCheckTest {

    private final Fixtures fixtures = new Fixtures("t", "DE", "JP");
    private final Fixtures.PlannedOrder happy = fixtures.plan(1, OrderKind.HAPPY); // quantity 2: total 25.00
    private final Fixtures.PlannedOrder noShip = fixtures.plan(2, OrderKind.NOT_SHIPPABLE);

    @Test
    void aCompletedOrderWithOneChargeReservationAndShipmentIsFine() {
        assertThat(InvariantCheck.checkOrder(happy, "o1", facts("""
                {"status":"COMPLETED","reason":null}""", charged("25.00", "CHARGED"), reservations("RESERVED"),
                shipments("SCHEDULED")))).isEmpty();
    }

    @Test
    void aCompensatedOrderWithEverythingUndoneIsFine() {
        assertThat(InvariantCheck.checkOrder(noShip, "o2", facts("""
                {"status":"CANCELLED","reason":"SHIPPING_UNAVAILABLE"}""", charged("0.00", "REFUNDED"),
                reservations("RELEASED"), shipments("UNAVAILABLE")))).isEmpty();
    }

    @Test
    void eachBrokenInvariantIsNamed() {
        assertThat(InvariantCheck.checkOrder(happy, "o1", facts("""
                {"status":"PENDING"}""", charged("25.00", "CHARGED"), reservations("RESERVED"), shipments("SCHEDULED"))))
                .singleElement().asString().startsWith("I1");
        assertThat(InvariantCheck.checkOrder(noShip, "o2", facts("""
                {"status":"CANCELLED","reason":"OUT_OF_STOCK"}""", charged("0.00", "REFUNDED"),
                reservations("RELEASED"), shipments())))
                .singleElement().asString().startsWith("I1").contains("planned CANCELLED SHIPPING_UNAVAILABLE");
        assertThat(InvariantCheck.checkOrder(noShip, "o2", facts("""
                {"status":"CANCELLED","reason":"SHIPPING_UNAVAILABLE"}""", charged("37.50", "CHARGED"),
                reservations("RELEASED"), shipments())))
                .singleElement().asString().startsWith("I2");
        assertThat(InvariantCheck.checkOrder(happy, "o1", facts("""
                {"status":"COMPLETED"}""", charged("50.00", "CHARGED", "CHARGED"), reservations("RESERVED"),
                shipments("SCHEDULED"))))
                .hasSize(2).allMatch(v -> v.startsWith("I2"));
        assertThat(InvariantCheck.checkOrder(noShip, "o2", facts("""
                {"status":"CANCELLED","reason":"SHIPPING_UNAVAILABLE"}""", charged("0.00", "REFUNDED"),
                reservations("RESERVED"), shipments())))
                .singleElement().asString().startsWith("I3");
        assertThat(InvariantCheck.checkOrder(noShip, "o2", facts("""
                {"status":"CANCELLED","reason":"SHIPPING_UNAVAILABLE"}""", charged("0.00", "REFUNDED"),
                reservations("RELEASED"), shipments("SCHEDULED"))))
                .singleElement().asString().startsWith("I4");
    }

    @Test
    void stockMustBeConservedAndReservedOnlyByCompletedOrders() {
        Map<String, Integer> initial = Map.of(happy.sku(), 100);
        List<Map.Entry<Fixtures.PlannedOrder, String>> outcomes = List.of(Map.entry(happy, "COMPLETED"));

        assertThat(InvariantCheck.checkStock(initial, Map.of(happy.sku(), json("{\"available\":98,\"reserved\":2}")),
                outcomes)).isEmpty();
        assertThat(InvariantCheck.checkStock(initial, Map.of(happy.sku(), json("{\"available\":98,\"reserved\":1}")),
                outcomes)).singleElement().asString().startsWith("I3 SKU");
        assertThat(InvariantCheck.checkStock(initial, Map.of(happy.sku(), json("{\"available\":96,\"reserved\":4}")),
                outcomes)).singleElement().asString().startsWith("I3 SKU");
    }

    private static InvariantCheck.OrderFacts facts(String order, String payments, String reservations,
                                                   String shipments) {
        return new InvariantCheck.OrderFacts(json(order), json(payments), json(reservations), json(shipments));
    }

    private static String charged(String net, String... statuses) {
        StringBuilder list = new StringBuilder();
        for (String status : statuses) {
            list.append(list.isEmpty() ? "" : ",").append("{\"status\":\"").append(status).append("\"}");
        }
        return "{\"netCharged\":\"" + net + "\",\"payments\":[" + list + "]}";
    }

    private static String reservations(String... statuses) {
        return list(statuses);
    }

    private static String shipments(String... statuses) {
        return list(statuses);
    }

    private static String list(String... statuses) {
        StringBuilder list = new StringBuilder("[");
        for (String status : statuses) {
            list.append(list.length() == 1 ? "" : ",").append("{\"status\":\"").append(status).append("\"}");
        }
        return list.append("]").toString();
    }

    private static JsonNode json(String text) {
        return SystemHttp.JSON.readTree(text);
    }
}
