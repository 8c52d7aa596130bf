package io.sagaengine.shipping;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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
        "shipping.served-countries=DE,fr"})
@AutoConfigureMockMvc
class ShippingParticipantIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final ContractJson JSON = ContractJson.standard();
    private static final String REPLIES = Topics.SHIPPING_REPLIES;
    private static final String DLT = Topics.dlt(Topics.SHIPPING_COMMANDS);

    private static TestProducer producer;
    private static TopicRecorder recorder;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandDispatcher dispatcher;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        String url = SERVERS.createDatabase("shipping_it");
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
    void scheduleRepliesShipmentScheduledWithHeaders() throws Exception {
        String saga = newId("saga");
        String traceparent = SagaHeaders.newTraceparent();
        ScheduleShipment schedule = schedule("DE");

        UUID messageId = send(schedule, saga, traceparent);
        ReceivedRecord reply = awaitReply(messageId);

        assertThat(reply.key()).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.MESSAGE_TYPE)).isEqualTo("ShipmentScheduled");
        assertThat(reply.header(SagaHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(reply.header(SagaHeaders.SAGA_ID)).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.CAUSATION_ID)).isEqualTo(messageId.toString());
        assertThat(reply.header(SagaHeaders.TRACEPARENT)).isEqualTo(traceparent);
        assertThat(UUID.fromString(reply.header(SagaHeaders.MESSAGE_ID))).isNotEqualTo(messageId);
        ShipmentScheduled scheduled = payload(reply);
        assertThat(scheduled.requestId()).isEqualTo(schedule.requestId());
        assertThat(scheduled.orderId()).isEqualTo(schedule.orderId());
        assertThat(scheduled.trackingNumber()).matches("TRK-[A-Z2-9]{12}");

        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("SCHEDULED"))
                .andExpect(jsonPath("$[0].trackingNumber").value(scheduled.trackingNumber()))
                .andExpect(jsonPath("$[0].address.country").value("DE"));
    }

    @Test
    void aCountryNotServedIsUnavailable() throws Exception {
        ScheduleShipment schedule = schedule("JP");

        ShippingUnavailable reply = payload(awaitReply(send(schedule, newId("saga"), null)));

        assertThat(reply).isEqualTo(new ShippingUnavailable(schedule.requestId(), schedule.orderId(),
                ShippingUnavailable.COUNTRY_NOT_SERVED));
        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(jsonPath("$[0].status").value("UNAVAILABLE"))
                .andExpect(jsonPath("$[0].trackingNumber").isEmpty());
    }

    @Test
    void servedCountriesComeFromConfigurationWhateverTheCase() {
        ShipmentScheduled reply = payload(awaitReply(send(schedule("FR"), newId("saga"), null)));
        assertThat(reply.trackingNumber()).startsWith("TRK-");
        ShippingUnavailable notServed = payload(awaitReply(send(schedule("US"), newId("saga"), null)));
        assertThat(notServed.reason()).isEqualTo(ShippingUnavailable.COUNTRY_NOT_SERVED);
    }

    @Test
    void theSameRecordDeliveredTwiceHasOneEffect() {
        String saga = newId("saga");
        ScheduleShipment schedule = schedule("DE");
        UUID messageId = UUID.randomUUID();
        byte[] body = JSON.encodeBytes(schedule);
        Map<String, String> headers = SagaHeaders.command(messageId, "ScheduleShipment", 1, saga, null);

        producer.send(Topics.SHIPPING_COMMANDS, saga, body, headers);
        producer.send(Topics.SHIPPING_COMMANDS, saga, body, headers);
        // a later command of the same saga (same partition) is processed only after both copies
        awaitReply(send(new CancelShipment(UUID.randomUUID(), schedule.orderId()), saga, null));

        assertThat(replies(messageId)).hasSize(1);
        assertThat(rows(schedule)).isEqualTo(1);
    }

    @Test
    void aResentCommandWithTheSameRequestIdRepeatsTheReplyNotTheEffect() {
        ScheduleShipment schedule = schedule("DE");

        ShipmentScheduled first = payload(awaitReply(send(schedule, newId("saga"), null)));
        ShipmentScheduled second = payload(awaitReply(send(schedule, newId("saga"), null)));

        assertThat(second).isEqualTo(first);
        assertThat(rows(schedule)).isEqualTo(1);
    }

    @Test
    void cancelCancelsOnce() throws Exception {
        String saga = newId("saga");
        ScheduleShipment schedule = schedule("DE");
        ShipmentScheduled scheduled = payload(awaitReply(send(schedule, saga, null)));
        CancelShipment cancel = new CancelShipment(schedule.requestId(), schedule.orderId());

        ShipmentCancelled first = payload(awaitReply(send(cancel, saga, null)));
        ShipmentCancelled second = payload(awaitReply(send(cancel, saga, null)));
        ShipmentScheduled scheduleAgain = payload(awaitReply(send(schedule, saga, null)));

        assertThat(first).isEqualTo(new ShipmentCancelled(schedule.requestId(), schedule.orderId()));
        assertThat(second).isEqualTo(first);
        assertThat(scheduleAgain).isEqualTo(scheduled);
        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("CANCELLED"))
                .andExpect(jsonPath("$[0].cancelledAt").isNotEmpty());
    }

    @Test
    void aCancelBeforeTheScheduleLeavesAMarkerAndTheLateScheduleDoesNothing() throws Exception {
        String saga = newId("saga");
        ScheduleShipment schedule = schedule("DE");

        ShipmentCancelled cancelled = payload(awaitReply(send(
                new CancelShipment(schedule.requestId(), schedule.orderId()), saga, null)));
        ShippingUnavailable late = payload(awaitReply(send(schedule, saga, null)));

        assertThat(cancelled).isEqualTo(new ShipmentCancelled(schedule.requestId(), schedule.orderId()));
        assertThat(late).isEqualTo(new ShippingUnavailable(schedule.requestId(), schedule.orderId(),
                ShippingUnavailable.ALREADY_COMPENSATED));
        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("COMPENSATED_BEFORE_EXECUTION"))
                .andExpect(jsonPath("$[0].trackingNumber").isEmpty());
    }

    @Test
    void concurrentDeliveriesOfOneRequestScheduleOnce() throws Exception {
        ScheduleShipment schedule = schedule("DE");
        byte[] body = JSON.encodeBytes(schedule);
        int copies = 6;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        List<UUID> messageIds = new ArrayList<>();
        try {
            List<Future<CommandDispatcher.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                UUID messageId = UUID.randomUUID();
                messageIds.add(messageId);
                var record = record(Topics.SHIPPING_COMMANDS, newId("saga"), body,
                        SagaHeaders.command(messageId, "ScheduleShipment", 1, null, null));
                outcomes.add(pool.submit((Callable<CommandDispatcher.Outcome>) () -> dispatcher.dispatch(record)));
            }
            for (Future<CommandDispatcher.Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(CommandDispatcher.Outcome.PROCESSED);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(rows(schedule)).isEqualTo(1);
        List<ShipmentScheduled> replies = messageIds.stream().map(this::awaitReply)
                .map(r -> (ShipmentScheduled) payload(r)).toList();
        assertThat(replies).hasSize(copies).allMatch(r -> r.equals(replies.get(0)));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionMovesOn() {
        String saga = newId("poison");
        ScheduleShipment schedule = schedule("DE");
        producer.send(Topics.SHIPPING_COMMANDS, saga, "{\"requestId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8),
                SagaHeaders.command(UUID.randomUUID(), "ScheduleShipment", 1, saga, null));
        producer.send(Topics.SHIPPING_COMMANDS, saga, JSON.encodeBytes(schedule),
                SagaHeaders.command(UUID.randomUUID(), "ShipEverything", 1, saga, null));
        Map<String, String> noSchemaVersion = SagaHeaders.command(UUID.randomUUID(), "ScheduleShipment", 1, saga, null);
        noSchemaVersion.remove(SagaHeaders.SCHEMA_VERSION);
        producer.send(Topics.SHIPPING_COMMANDS, saga, JSON.encodeBytes(schedule), noSchemaVersion);

        ShipmentScheduled next = payload(awaitReply(send(schedule, saga, null)));

        assertThat(next.requestId()).isEqualTo(schedule.requestId());
        List<ReceivedRecord> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> recorder.matching(r -> r.topic().equals(DLT) && saga.equals(r.key())), l -> l.size() == 3);
        assertThat(dead.get(0).header(SagaHeaders.DLT_REASON)).contains("ScheduleShipment");
        assertThat(dead.get(1).header(SagaHeaders.DLT_REASON)).contains("unknown message type");
        assertThat(dead.get(2).header(SagaHeaders.DLT_REASON)).contains("schema-version");
    }

    // --- HTTP ------------------------------------------------------------------------------------------------

    @Test
    void shipmentsNeedCredentialsAndAnOrderId() throws Exception {
        mvc.perform(get("/shipments").param("orderId", "o"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/shipments").with(support()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("orderId"));
        mvc.perform(get("/shipments").param("orderId", newId("order")).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void writesNeedOperator() throws Exception {
        mvc.perform(post("/shipments").with(support()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        // past security there is no such write
        mvc.perform(post("/shipments").with(operator()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void healthAndDocsAreOpenMetricsNeedOperator() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/shipments']").exists());
        mvc.perform(get("/actuator/prometheus").with(support())).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").with(operator())).andExpect(status().isOk());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static ScheduleShipment schedule(String country) {
        return new ScheduleShipment(UUID.randomUUID(), newId("order"),
                new Address("Alice", "Main St 1", "Berlin", "10115", country),
                List.of(new OrderLine("SKU-1", 2, new BigDecimal("19.99"))));
    }

    private int rows(ScheduleShipment schedule) {
        return jdbc.queryForObject("SELECT count(*) FROM shipment WHERE request_id = ? AND tracking_number IS NOT NULL",
                Integer.class, schedule.requestId());
    }

    private static UUID send(Command command, String saga, String traceparent) {
        UUID messageId = UUID.randomUUID();
        producer.send(Topics.SHIPPING_COMMANDS, saga, JSON.encodeBytes(command),
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
