package io.sagaengine.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order saga end to end on the real system: four services as processes, their relays, real PostgreSQL
 * and Kafka. Money, stock and shipments are checked through the participants' own APIs (I2-I4).
 */
class OrderSagaSystemIT {

    private static final Duration FINISH = Duration.ofSeconds(60);
    private static SystemApi api;

    @BeforeAll
    static void system() {
        api = new SystemApi(SystemStack.get());
    }

    @Test
    void happyPathCompletesWithATrackingNumberAndMoneyStockAndShipmentMatch() {
        String sku = SystemApi.unique("HAPPY");
        api.setStock(sku, 10);
        JsonNode placed = api.accepted(SystemApi.order(SystemApi.unique("alice"), "DE", Map.of(sku, 2)));
        String orderId = placed.path("orderId").asString();
        assertThat(placed.path("status").asString()).isEqualTo("PENDING");

        JsonNode order = api.awaitFinal(orderId, FINISH);
        assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(order.path("trackingNumber").asString()).isNotBlank();
        assertThat(order.path("total").asString()).isEqualTo("20.00");
        assertThat(api.netCharged(orderId)).isEqualByComparingTo("20.00");
        assertThat(api.stock(sku).path("available").asInt()).isEqualTo(8);
        assertThat(api.stock(sku).path("reserved").asInt()).isEqualTo(2);
        assertThat(api.reservations(orderId)).hasSize(1);
        assertThat(api.shipments(orderId)).hasSize(1);
        assertThat(api.shipments(orderId).get(0).path("trackingNumber").asString())
                .isEqualTo(order.path("trackingNumber").asString());
        JsonNode saga = api.getSaga(placed.path("sagaId").asString()).json();
        assertThat(saga.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(saga.path("steps")).hasSize(3);
    }

    @Test
    void declinedPaymentCancelsWithNothingChargedAndStockUntouched() {
        String sku = SystemApi.unique("DECLINE");
        api.setStock(sku, 10);
        String customer = SystemApi.unique("poor");
        api.setCreditLimit(customer, "5.00");
        String orderId = api.accepted(SystemApi.order(customer, "DE", Map.of(sku, 1))).path("orderId").asString();

        JsonNode order = api.awaitFinal(orderId, FINISH);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("PAYMENT_DECLINED");
        assertThat(api.netCharged(orderId)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(api.stock(sku).path("available").asInt()).isEqualTo(10);
        assertThat(api.stock(sku).path("reserved").asInt()).isZero();
        assertThat(api.reservations(orderId)).isEmpty();
        assertThat(api.shipments(orderId)).isEmpty();
    }

    @Test
    void unknownSkuOrTooLittleStockCancelsAsOutOfStockAndRefundsTheCharge() {
        String unknownSku = SystemApi.unique("NOPE");
        String scarce = SystemApi.unique("SCARCE");
        api.setStock(scarce, 1);
        String unknownOrder = api.accepted(SystemApi.order(SystemApi.unique("c"), "DE", Map.of(unknownSku, 1)))
                .path("orderId").asString();
        String scarceOrder = api.accepted(SystemApi.order(SystemApi.unique("c"), "DE", Map.of(scarce, 2)))
                .path("orderId").asString();

        for (String orderId : new String[] {unknownOrder, scarceOrder}) {
            JsonNode order = api.awaitFinal(orderId, FINISH);
            assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
            assertThat(order.path("reason").asString()).isEqualTo("OUT_OF_STOCK");
            assertThat(api.netCharged(orderId)).as("refunded").isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(api.payments(orderId).path("payments").get(0).path("status").asString()).isEqualTo("REFUNDED");
            assertThat(api.shipments(orderId)).isEmpty();
        }
        assertThat(api.stock(scarce).path("available").asInt()).isEqualTo(1);
        assertThat(api.stock(scarce).path("reserved").asInt()).isZero();
    }

    @Test
    void countryNotServedCancelsAfterReleasingStockAndRefunding() {
        String sku = SystemApi.unique("FAR");
        api.setStock(sku, 5);
        String orderId = api.accepted(SystemApi.order(SystemApi.unique("c"), "JP", Map.of(sku, 3)))
                .path("orderId").asString();

        JsonNode order = api.awaitFinal(orderId, FINISH);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("SHIPPING_UNAVAILABLE");
        assertThat(api.netCharged(orderId)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(api.stock(sku).path("available").asInt()).isEqualTo(5);
        assertThat(api.stock(sku).path("reserved").asInt()).isZero();
        assertThat(api.reservations(orderId).get(0).path("status").asString()).isEqualTo("RELEASED");
        assertThat(api.shipments(orderId)).allMatch(s -> !"SCHEDULED".equals(s.path("status").asString()));
    }

    @Test
    void theSameIdempotencyKeyGivesOneOrderAndADifferentBodyIsRefused() {
        String sku = SystemApi.unique("IDEM");
        api.setStock(sku, 10);
        String key = SystemApi.unique("key");
        String body = SystemApi.order(SystemApi.unique("c"), "DE", Map.of(sku, 1));

        SystemApi.Response first = api.placeOrder(body, key);
        SystemApi.Response second = api.placeOrder(body, key);
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().path("orderId").asString()).isEqualTo(first.json().path("orderId").asString());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));

        SystemApi.Response different = api.placeOrder(SystemApi.order(SystemApi.unique("c"), "DE", Map.of(sku, 2)), key);
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.header("Content-Type")).startsWith("application/problem+json");

        String orderId = first.json().path("orderId").asString();
        api.awaitFinal(orderId, FINISH);
        assertThat(api.reservations(orderId)).hasSize(1);
        assertThat(api.stock(sku).path("reserved").asInt()).isEqualTo(1);
    }

    @Test
    void statusAnswersCarryAnEtagAndALongPollReturnsAsSoonAsTheOrderFinishes() throws Exception {
        String sku = SystemApi.unique("POLL");
        api.setStock(sku, 10);
        String orderId = api.accepted(SystemApi.order(SystemApi.unique("c"), "DE", Map.of(sku, 1)))
                .path("orderId").asString();
        SystemApi.Response pending = api.getOrder(orderId);
        String etag = pending.header("ETag");
        assertThat(etag).isNotBlank();

        if ("PENDING".equals(pending.json().path("status").asString())) {
            long start = System.nanoTime();
            CompletableFuture<SystemApi.Response> poll = CompletableFuture.supplyAsync(() ->
                    api.getOrder(orderId, "If-None-Match", etag, "Prefer", "wait=30"));
            SystemApi.Response changed = poll.get(40, java.util.concurrent.TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            if (changed.status() == 200) {
                assertThat(changed.header("ETag")).isNotEqualTo(etag);
                assertThat(tookMs).as("answered when the order changed, not at the end of the wait").isLessThan(25_000);
            } else {
                assertThat(changed.status()).as("no change within the wait").isEqualTo(304);
            }
        }
        JsonNode done = api.awaitFinal(orderId, FINISH);
        SystemApi.Response current = api.getOrder(orderId);
        assertThat(api.getOrder(orderId, "If-None-Match", current.header("ETag")).status()).isEqualTo(304);
        assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
    }
}
