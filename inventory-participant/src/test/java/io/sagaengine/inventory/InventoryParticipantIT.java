package io.sagaengine.inventory;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.service.participant.CommandDispatcher;
import io.sagaengine.testsupport.RealServers;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import io.sagaengine.testsupport.kafka.TestProducer;
import io.sagaengine.testsupport.kafka.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(properties = {
        "saga.security.users[0].name=sam",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT",
        "saga.security.users[1].name=olga",
        "saga.security.users[1].password={bcrypt}$2a$10$tF2CUDwGIIx.rALOowQjLe7qG7.6mJMgriIlUIDtBT.9szacqXtOm",
        "saga.security.users[1].roles=SUPPORT,OPERATOR",
        "inventory.seed.SEEDED-Widget=7"})
@AutoConfigureMockMvc
class InventoryParticipantIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final ContractJson JSON = ContractJson.standard();
    private static final String REPLIES = Topics.INVENTORY_REPLIES;
    private static final String DLT = Topics.dlt(Topics.INVENTORY_COMMANDS);

    private static TestProducer producer;
    private static TopicRecorder recorder;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    StockRepository stock;
    @Autowired
    CommandDispatcher dispatcher;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        String url = SERVERS.createDatabase("inventory_it");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", SERVERS::username);
        registry.add("spring.datasource.password", SERVERS::password);
        registry.add("spring.kafka.bootstrap-servers", SERVERS::bootstrapServers);
    }

    @BeforeAll
    static void clients(@Autowired OutboxRelay relay) throws InterruptedException {
        assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("relay streaming").isTrue();
        producer = new TestProducer(SERVERS.bootstrapServers());
        recorder = TopicRecorder.start(SERVERS.bootstrapServers(), REPLIES, DLT);
    }

    @AfterAll
    static void closeClients() {
        if (recorder != null) {
            recorder.close();
        }
        if (producer != null) {
            producer.close();
        }
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

        assertThat(reply.key()).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.MESSAGE_TYPE)).isEqualTo("InventoryReserved");
        assertThat(reply.header(SagaHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(reply.header(SagaHeaders.SAGA_ID)).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.CAUSATION_ID)).isEqualTo(messageId.toString());
        assertThat(reply.header(SagaHeaders.TRACEPARENT)).isEqualTo(traceparent);
        assertThat(UUID.fromString(reply.header(SagaHeaders.MESSAGE_ID))).isNotEqualTo(messageId);
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

        InventoryUnavailable reply = payload(awaitReply(send(reserve, newId("saga"), null)));

        assertThat(reply).isEqualTo(new InventoryUnavailable(reserve.requestId(), reserve.orderId(),
                InventoryUnavailable.UNKNOWN_SKU, List.of(unknown)));
        assertStock(known, 10, 0);
    }

    @Test
    void tooLittleStockReservesNothing() throws Exception {
        String plenty = newSku(10);
        String scarce = newSku(1);
        ReserveInventory reserve = reserve(line(plenty, 2), line(scarce, 2));

        InventoryUnavailable reply = payload(awaitReply(send(reserve, newId("saga"), null)));

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
        UUID messageId = UUID.randomUUID();
        byte[] body = JSON.encodeBytes(reserve);
        Map<String, String> headers = SagaHeaders.command(messageId, "ReserveInventory", 1, saga, null);

        producer.send(Topics.INVENTORY_COMMANDS, saga, body, headers);
        producer.send(Topics.INVENTORY_COMMANDS, saga, body, headers);
        // a later command of the same saga (same partition) is processed only after both copies
        awaitReply(send(new ReleaseInventory(UUID.randomUUID(), reserve.orderId()), saga, null));

        assertThat(replies(messageId)).hasSize(1);
        assertStock(sku, 6, 4);
    }

    @Test
    void aResentCommandWithTheSameRequestIdRepeatsTheReplyNotTheEffect() throws Exception {
        String sku = newSku(10);
        ReserveInventory reserve = reserve(line(sku, 4));

        InventoryReserved first = payload(awaitReply(send(reserve, newId("saga"), null)));
        InventoryReserved second = payload(awaitReply(send(reserve, newId("saga"), null)));

        assertThat(second).isEqualTo(first);
        assertStock(sku, 6, 4);
    }

    @Test
    void aResentUnavailableCommandGetsTheSameAnswerEvenAfterRestock() throws Exception {
        String sku = newSku(1);
        ReserveInventory reserve = reserve(line(sku, 2));

        InventoryUnavailable first = payload(awaitReply(send(reserve, newId("saga"), null)));
        stock.setAvailable(sku, 50);
        InventoryUnavailable second = payload(awaitReply(send(reserve, newId("saga"), null)));

        assertThat(second).isEqualTo(first);
        assertStock(sku, 50, 0);
    }

    @Test
    void releaseRestoresTheStockOnce() throws Exception {
        String sku = newSku(10);
        String saga = newId("saga");
        ReserveInventory reserve = reserve(line(sku, 4));
        awaitReply(send(reserve, saga, null));
        ReleaseInventory release = new ReleaseInventory(reserve.requestId(), reserve.orderId());

        InventoryReleased first = payload(awaitReply(send(release, saga, null)));
        InventoryReleased second = payload(awaitReply(send(release, saga, null)));
        InventoryReserved reserveAgain = payload(awaitReply(send(reserve, saga, null)));

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

        InventoryReleased released = payload(awaitReply(send(
                new ReleaseInventory(reserve.requestId(), reserve.orderId()), saga, null)));
        InventoryUnavailable late = payload(awaitReply(send(reserve, saga, null)));

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
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        List<UUID> sameMessageIds = new ArrayList<>();
        try {
            List<Future<CommandDispatcher.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                // half the copies re-send one request, the others are different orders competing for the stock
                ReserveInventory command = i % 2 == 0 ? same : reserve(line(shared, 2));
                UUID messageId = UUID.randomUUID();
                if (command == same) {
                    sameMessageIds.add(messageId);
                }
                var record = record(Topics.INVENTORY_COMMANDS, newId("saga"), JSON.encodeBytes(command),
                        SagaHeaders.command(messageId, "ReserveInventory", 1, null, null));
                outcomes.add(pool.submit((Callable<CommandDispatcher.Outcome>) () -> dispatcher.dispatch(record)));
            }
            for (Future<CommandDispatcher.Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(CommandDispatcher.Outcome.PROCESSED);
            }
        } finally {
            pool.shutdownNow();
        }

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
        producer.send(Topics.INVENTORY_COMMANDS, saga, "[]".getBytes(StandardCharsets.UTF_8),
                SagaHeaders.command(UUID.randomUUID(), "ReserveInventory", 1, saga, null));
        producer.send(Topics.INVENTORY_COMMANDS, saga, JSON.encodeBytes(reserve),
                SagaHeaders.command(UUID.randomUUID(), "ReserveInventory", 2, saga, null));
        producer.send(Topics.INVENTORY_COMMANDS, saga, JSON.encodeBytes(reserve),
                SagaHeaders.command(UUID.randomUUID(), null, 1, saga, null));

        InventoryReserved next = payload(awaitReply(send(reserve, saga, null)));

        assertThat(next.requestId()).isEqualTo(reserve.requestId());
        List<ReceivedRecord> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> recorder.matching(r -> r.topic().equals(DLT) && saga.equals(r.key())), l -> l.size() == 3);
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
        awaitReply(send(reserve(line(sku, 3)), newId("saga"), null));
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
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/stock/{sku}']").exists());
        mvc.perform(get("/actuator/prometheus").with(support())).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").with(operator())).andExpect(status().isOk());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

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

    private static UUID send(Command command, String saga, String traceparent) {
        UUID messageId = UUID.randomUUID();
        producer.send(Topics.INVENTORY_COMMANDS, saga, JSON.encodeBytes(command),
                SagaHeaders.command(messageId, command.messageType(), 1, saga, traceparent));
        return messageId;
    }

    private ReceivedRecord awaitReply(UUID commandMessageId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> recorder.first(r -> r.topic().equals(REPLIES)
                && r.hasHeader(SagaHeaders.CAUSATION_ID, commandMessageId.toString())), Objects::nonNull);
    }

    private static List<ReceivedRecord> replies(UUID commandMessageId) {
        return recorder.matching(r -> r.topic().equals(REPLIES)
                && r.hasHeader(SagaHeaders.CAUSATION_ID, commandMessageId.toString()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T payload(ReceivedRecord reply) {
        return (T) JSON.decode(reply.header(SagaHeaders.MESSAGE_TYPE),
                Integer.parseInt(reply.header(SagaHeaders.SCHEMA_VERSION)), reply.value());
    }

    private void assertStock(String sku, int available, int reserved) throws Exception {
        mvc.perform(get("/stock/{sku}", sku).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(available))
                .andExpect(jsonPath("$.reserved").value(reserved));
    }

    private static ConsumerRecord<String, byte[]> record(String topic, String key, byte[] value,
                                                         Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> {
            if (text != null) {
                recordHeaders.add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return new ConsumerRecord<>(topic, 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, recordHeaders,
                Optional.empty());
    }

    private static RequestPostProcessor support() {
        return httpBasic("sam", "test-support-pw");
    }

    private static RequestPostProcessor operator() {
        return httpBasic("olga", "test-operator-pw");
    }
}
