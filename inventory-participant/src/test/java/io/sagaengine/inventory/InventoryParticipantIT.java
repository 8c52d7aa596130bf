package io.sagaengine.inventory;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.service.testing.ParticipantIntegrationTest;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TestPropertySource(properties = "inventory.seed.SEEDED-Widget=7")
class InventoryParticipantIT extends ParticipantIntegrationTest {

    @Autowired
    StockRepository stock;

    InventoryParticipantIT() {
        super(Topics.INVENTORY_COMMANDS, Topics.INVENTORY_REPLIES);
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "inventory_it");
    }

    // --- messaging -------------------------------------------------------------------------------------------

    @Test
    void reserveRepliesInventoryReservedWithHeaders() throws Exception {
        String a = newSku(10);
        String b = newSku(5);
        String saga = newId("saga");
        String traceparent = SagaHeaders.newTraceparent();
        ReserveInventory reserve = reserve(line(a, 3), line(b, 5), line(a, 1));

        UUID messageId = send(reserve, saga, traceparent);
        ReceivedRecord reply = awaitReply(messageId);

        assertReplyHeaders(reply, "InventoryReserved", saga, messageId, traceparent);
        assertThat((InventoryReserved) payload(reply))
                .isEqualTo(new InventoryReserved(reserve.requestId(), reserve.orderId()));

        assertStock(a, 6, 4);
        assertStock(b, 0, 5);
        mvc.perform(get("/reservations").param("orderId", reserve.orderId()).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].status").value("RESERVED"))
                .andExpect(jsonPath("$[0].lines.length()").value(2));
    }

    @Test
    void unknownSkuReservesNothing() throws Exception {
        String known = newSku(10);
        String unknown = "UNKNOWN-" + UUID.randomUUID();
        ReserveInventory reserve = reserve(line(known, 1), line(unknown, 1));

        InventoryUnavailable reply = replyTo(reserve);

        assertThat(reply).isEqualTo(new InventoryUnavailable(reserve.requestId(), reserve.orderId(),
                InventoryUnavailable.UNKNOWN_SKU, List.of(unknown)));
        assertStock(known, 10, 0);
    }

    @Test
    void tooLittleStockReservesNothing() throws Exception {
        String plenty = newSku(10);
        String scarce = newSku(1);
        ReserveInventory reserve = reserve(line(plenty, 2), line(scarce, 2));

        InventoryUnavailable reply = replyTo(reserve);

        assertThat(reply.reason()).isEqualTo(InventoryUnavailable.INSUFFICIENT_STOCK);
        assertThat(reply.skus()).containsExactly(scarce);
        assertStock(plenty, 10, 0);
        assertStock(scarce, 1, 0);
    }

    @Test
    void theSameRecordDeliveredTwiceHasOneEffect() throws Exception {
        String sku = newSku(10);
        String saga = newId("saga");
        ReserveInventory reserve = reserve(line(sku, 4));

        UUID messageId = deliverTwice(reserve, saga);
        // a later command of the same saga (same partition) is processed only after both copies
        replyTo(new ReleaseInventory(UUID.randomUUID(), reserve.orderId()), saga);

        assertThat(replies(messageId)).hasSize(1);
        assertStock(sku, 6, 4);
    }

    @Test
    void aResentCommandWithTheSameRequestIdRepeatsTheReplyNotTheEffect() throws Exception {
        String sku = newSku(10);
        ReserveInventory reserve = reserve(line(sku, 4));

        InventoryReserved first = replyTo(reserve);
        InventoryReserved second = replyTo(reserve);

        assertThat(second).isEqualTo(first);
        assertStock(sku, 6, 4);
    }

    @Test
    void aResentUnavailableCommandGetsTheSameAnswerEvenAfterRestock() throws Exception {
        String sku = newSku(1);
        ReserveInventory reserve = reserve(line(sku, 2));

        InventoryUnavailable first = replyTo(reserve);
        stock.setAvailable(sku, 50);
        InventoryUnavailable second = replyTo(reserve);

        assertThat(second).isEqualTo(first);
        assertStock(sku, 50, 0);
    }

    @Test
    void releaseRestoresTheStockOnce() throws Exception {
        String sku = newSku(10);
        String saga = newId("saga");
        ReserveInventory reserve = reserve(line(sku, 4));
        replyTo(reserve, saga);
        ReleaseInventory release = new ReleaseInventory(reserve.requestId(), reserve.orderId());

        InventoryReleased first = replyTo(release, saga);
        InventoryReleased second = replyTo(release, saga);
        InventoryReserved reserveAgain = replyTo(reserve, saga);

        assertThat(first).isEqualTo(new InventoryReleased(reserve.requestId(), reserve.orderId()));
        assertThat(second).isEqualTo(first);
        assertThat(reserveAgain.requestId()).isEqualTo(reserve.requestId());
        assertStock(sku, 10, 0);
        mvc.perform(get("/reservations").param("orderId", reserve.orderId()).with(support()))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("RELEASED"))
                .andExpect(jsonPath("$[0].releasedAt").isNotEmpty());
    }

    @Test
    void aReleaseBeforeTheReservationLeavesAMarkerAndTheLateReservationDoesNothing() throws Exception {
        String sku = newSku(10);
        String saga = newId("saga");
        ReserveInventory reserve = reserve(line(sku, 4));

        InventoryReleased released = replyTo(new ReleaseInventory(reserve.requestId(), reserve.orderId()), saga);
        InventoryUnavailable late = replyTo(reserve, saga);

        assertThat(released).isEqualTo(new InventoryReleased(reserve.requestId(), reserve.orderId()));
        assertThat(late).isEqualTo(new InventoryUnavailable(reserve.requestId(), reserve.orderId(),
                InventoryUnavailable.ALREADY_COMPENSATED, List.of()));
        assertStock(sku, 10, 0);
        mvc.perform(get("/reservations").param("orderId", reserve.orderId()).with(support()))
                .andExpect(jsonPath("$[0].status").value("COMPENSATED_BEFORE_EXECUTION"));
    }

    @Test
    void concurrentReservationsNeverOversellAndOneRequestReservesOnce() throws Exception {
        String shared = newSku(5);
        ReserveInventory same = reserve(line(shared, 2));
        int copies = 6;
        // half the copies re-send one request, the others are different orders competing for the stock
        List<ReserveInventory> commands = IntStream.range(0, copies)
                .mapToObj(i -> i % 2 == 0 ? same : reserve(line(shared, 2))).toList();

        List<UUID> messageIds = dispatchConcurrently(commands);
        List<UUID> sameMessageIds = IntStream.range(0, copies).filter(i -> commands.get(i) == same)
                .mapToObj(messageIds::get).toList();

        // 5 units, 4 requests of 2: exactly 2 reservations succeed, whatever the interleaving
        assertStock(shared, 1, 4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reservation_line WHERE sku = ?", Integer.class, shared))
                .isEqualTo(2);
        List<Object> sameReplies = sameMessageIds.stream().map(this::awaitReply).map(r -> (Object) payload(r)).toList();
        assertThat(sameReplies).hasSize(3).allMatch(r -> r.equals(sameReplies.get(0)));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionMovesOn() {
        String saga = newId("poison");
        ReserveInventory reserve = reserve(line(newSku(1), 1));
        sendRecord(saga, "[]".getBytes(StandardCharsets.UTF_8),
                SagaHeaders.command(UUID.randomUUID(), "ReserveInventory", 1, saga, null));
        sendRecord(saga, JSON.encodeBytes(reserve),
                SagaHeaders.command(UUID.randomUUID(), "ReserveInventory", 2, saga, null));
        sendRecord(saga, JSON.encodeBytes(reserve),
                SagaHeaders.command(UUID.randomUUID(), null, 1, saga, null));

        InventoryReserved next = replyTo(reserve, saga);

        assertThat(next.requestId()).isEqualTo(reserve.requestId());
        List<ReceivedRecord> dead = awaitDeadLetters(saga, 3);
        assertThat(dead.get(0).header(SagaHeaders.DLT_REASON)).contains("ReserveInventory");
        assertThat(dead.get(1).header(SagaHeaders.DLT_REASON)).contains("unsupported schema version");
        assertThat(dead.get(2).header(SagaHeaders.DLT_REASON)).contains("missing header message-type");
    }

    // --- seeding and HTTP ------------------------------------------------------------------------------------

    @Test
    void seedsOnlySkusThatAreNotStockedYet() throws Exception {
        assertStock("SEEDED-Widget", 7, 0);
        new StockSeeder(stock, Map.of("SEEDED-Widget", 99)).afterPropertiesSet();
        assertStock("SEEDED-Widget", 7, 0);
    }

    @Test
    void stockApi() throws Exception {
        String sku = "API-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(get("/stock/{sku}", sku)).andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/stock/{sku}", sku).with(support())).andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(put("/stock/{sku}", sku).with(support()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"available\":5}"))
                .andExpect(status().isForbidden());
        mvc.perform(put("/stock/{sku}", sku).with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"available\":5}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sku").value(sku))
                .andExpect(jsonPath("$.available").value(5))
                .andExpect(jsonPath("$.reserved").value(0));
        mvc.perform(put("/stock/{sku}", sku).with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"available\":-1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("available"));
        mvc.perform(put("/stock/{sku}", sku).with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("available"));
        mvc.perform(put("/stock/{sku}", "bad sku!").with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"available\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sku"));
        mvc.perform(get("/stock/{sku}", sku).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(5));
    }

    @Test
    void settingStockKeepsReservations() throws Exception {
        String sku = newSku(10);
        replyTo(reserve(line(sku, 3)));
        mvc.perform(put("/stock/{sku}", sku).with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"available\":20}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(20))
                .andExpect(jsonPath("$.reserved").value(3));
    }

    @Test
    void reservationsNeedAnOrderIdAndCredentials() throws Exception {
        mvc.perform(get("/reservations").param("orderId", "o")).andExpect(status().isUnauthorized());
        mvc.perform(get("/reservations").with(support())).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("orderId"));
        mvc.perform(get("/reservations").param("orderId", newId("order")).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void healthAndDocsAreOpenMetricsNeedOperator() throws Exception {
        assertHealthAndDocsOpenMetricsForOperators("/stock/{sku}");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** A SKU of its own for one test, with {@code available} units in stock. */
    private String newSku(int available) {
        String sku = "SKU-" + UUID.randomUUID();
        stock.setAvailable(sku, available);
        return sku;
    }

    private static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, new BigDecimal("9.99"));
    }

    private static ReserveInventory reserve(OrderLine... lines) {
        return new ReserveInventory(UUID.randomUUID(), newId("order"), List.of(lines));
    }

    private void assertStock(String sku, int available, int reserved) throws Exception {
        mvc.perform(get("/stock/{sku}", sku).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(available))
                .andExpect(jsonPath("$.reserved").value(reserved));
    }
}
