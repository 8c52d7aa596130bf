package io.sagaengine.payment;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
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
        "payment.default-credit-limit=100.00",
        "payment.default-currency=EUR"})
@AutoConfigureMockMvc
class PaymentParticipantIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final ContractJson JSON = ContractJson.standard();
    private static final String REPLIES = Topics.PAYMENT_REPLIES;
    private static final String DLT = Topics.dlt(Topics.PAYMENT_COMMANDS);

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
        String url = SERVERS.createDatabase("payment_it");
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
    void chargeRepliesPaymentChargedWithHeaders() throws Exception {
        String customer = newId("cust");
        String saga = newId("saga");
        String traceparent = SagaHeaders.newTraceparent();
        ChargePayment charge = charge(customer, "30.00");

        UUID messageId = send(charge, saga, traceparent);
        ReceivedRecord reply = awaitReply(messageId);

        assertThat(reply.key()).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.MESSAGE_TYPE)).isEqualTo("PaymentCharged");
        assertThat(reply.header(SagaHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(reply.header(SagaHeaders.SAGA_ID)).isEqualTo(saga);
        assertThat(reply.header(SagaHeaders.CAUSATION_ID)).isEqualTo(messageId.toString());
        assertThat(reply.header(SagaHeaders.TRACEPARENT)).isEqualTo(traceparent);
        UUID replyId = UUID.fromString(reply.header(SagaHeaders.MESSAGE_ID));
        assertThat(replyId).isNotEqualTo(messageId);
        PaymentCharged charged = payload(reply);
        assertThat(charged.requestId()).isEqualTo(charge.requestId());
        assertThat(charged.orderId()).isEqualTo(charge.orderId());
        assertThat(charged.chargeId()).isNotBlank();

        assertAccount(customer, "100.00", "30.00");
        mvc.perform(get("/payments").param("orderId", charge.orderId()).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.netCharged").value("30.00"))
                .andExpect(jsonPath("$.payments[0].status").value("CHARGED"))
                .andExpect(jsonPath("$.payments[0].amount").value("30.00"))
                .andExpect(jsonPath("$.payments[0].chargeId").value(charged.chargeId()));
    }

    @Test
    void notEnoughCreditIsDeclined() throws Exception {
        String customer = newId("cust");
        send(charge(customer, "70.00"), newId("saga"), null);
        ChargePayment tooMuch = charge(customer, "30.01");

        PaymentDeclined declined = payload(awaitReply(send(tooMuch, newId("saga"), null)));

        assertThat(declined).isEqualTo(new PaymentDeclined(tooMuch.requestId(), tooMuch.orderId(),
                PaymentDeclined.INSUFFICIENT_CREDIT));
        assertAccount(customer, "100.00", "70.00");
        mvc.perform(get("/payments").param("orderId", tooMuch.orderId()).with(support()))
                .andExpect(jsonPath("$.netCharged").value("0.00"))
                .andExpect(jsonPath("$.payments[0].status").value("DECLINED"))
                .andExpect(jsonPath("$.payments[0].reason").value("INSUFFICIENT_CREDIT"));
    }

    @Test
    void anotherCurrencyIsDeclined() throws Exception {
        String customer = newId("cust");
        ChargePayment dollars = new ChargePayment(UUID.randomUUID(), newId("order"), customer, new BigDecimal("5.00"), "USD");

        PaymentDeclined declined = payload(awaitReply(send(dollars, newId("saga"), null)));

        assertThat(declined.reason()).isEqualTo(ChargeDecision.CURRENCY_MISMATCH);
        assertAccount(customer, "100.00", "0.00");
    }

    @Test
    void theSameRecordDeliveredTwiceHasOneEffect() throws Exception {
        String customer = newId("cust");
        String saga = newId("saga");
        ChargePayment charge = charge(customer, "10.00");
        UUID messageId = UUID.randomUUID();
        byte[] body = JSON.encodeBytes(charge);
        Map<String, String> headers = SagaHeaders.command(messageId, "ChargePayment", 1, saga, null);

        producer.send(Topics.PAYMENT_COMMANDS, saga, body, headers);
        producer.send(Topics.PAYMENT_COMMANDS, saga, body, headers);
        // a later command of the same saga (same partition) is processed only after both copies
        UUID after = send(new RefundPayment(UUID.randomUUID(), charge.orderId(), customer, BigDecimal.ONE, "EUR"), saga, null);
        awaitReply(after);

        assertThat(replies(messageId)).hasSize(1);
        assertAccount(customer, "100.00", "10.00");
    }

    @Test
    void aResentCommandWithTheSameRequestIdRepeatsTheReplyNotTheEffect() throws Exception {
        String customer = newId("cust");
        ChargePayment charge = charge(customer, "25.00");

        PaymentCharged first = payload(awaitReply(send(charge, newId("saga"), null)));
        PaymentCharged second = payload(awaitReply(send(charge, newId("saga"), null)));

        assertThat(second).isEqualTo(first);
        assertAccount(customer, "100.00", "25.00");
    }

    @Test
    void aResentDeclinedCommandIsDeclinedAgainForTheSameReason() throws Exception {
        String customer = newId("cust");
        ChargePayment charge = charge(customer, "100.01");

        PaymentDeclined first = payload(awaitReply(send(charge, newId("saga"), null)));
        // more credit now, but the recorded outcome of this requestId stands
        mvc.perform(put("/accounts/{id}", customer).with(operator()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"creditLimit\":\"500.00\"}")).andExpect(status().isOk());
        PaymentDeclined second = payload(awaitReply(send(charge, newId("saga"), null)));

        assertThat(second).isEqualTo(first);
        assertAccount(customer, "500.00", "0.00");
    }

    @Test
    void refundUndoesTheChargeOnce() throws Exception {
        String customer = newId("cust");
        String saga = newId("saga");
        ChargePayment charge = charge(customer, "40.00");
        awaitReply(send(charge, saga, null));
        RefundPayment refund = new RefundPayment(charge.requestId(), charge.orderId(), customer, charge.amount(), "EUR");

        PaymentRefunded first = payload(awaitReply(send(refund, saga, null)));
        PaymentRefunded second = payload(awaitReply(send(refund, saga, null)));
        PaymentCharged chargeAgain = payload(awaitReply(send(charge, saga, null)));

        assertThat(first).isEqualTo(new PaymentRefunded(charge.requestId(), charge.orderId()));
        assertThat(second).isEqualTo(first);
        assertThat(chargeAgain.requestId()).isEqualTo(charge.requestId());
        assertAccount(customer, "100.00", "0.00");
        mvc.perform(get("/payments").param("orderId", charge.orderId()).with(support()))
                .andExpect(jsonPath("$.netCharged").value("0.00"))
                .andExpect(jsonPath("$.payments.length()").value(1))
                .andExpect(jsonPath("$.payments[0].status").value("REFUNDED"))
                .andExpect(jsonPath("$.payments[0].refundedAt").isNotEmpty());
    }

    @Test
    void aRefundBeforeTheChargeLeavesAMarkerAndTheLateChargeDoesNothing() throws Exception {
        String customer = newId("cust");
        String saga = newId("saga");
        ChargePayment charge = charge(customer, "20.00");
        RefundPayment refund = new RefundPayment(charge.requestId(), charge.orderId(), customer, charge.amount(), "EUR");

        PaymentRefunded refunded = payload(awaitReply(send(refund, saga, null)));
        PaymentDeclined late = payload(awaitReply(send(charge, saga, null)));

        assertThat(refunded).isEqualTo(new PaymentRefunded(charge.requestId(), charge.orderId()));
        assertThat(late).isEqualTo(new PaymentDeclined(charge.requestId(), charge.orderId(),
                PaymentDeclined.ALREADY_COMPENSATED));
        mvc.perform(get("/accounts/{id}", customer).with(support())).andExpect(status().isNotFound());
        mvc.perform(get("/payments").param("orderId", charge.orderId()).with(support()))
                .andExpect(jsonPath("$.netCharged").value("0.00"))
                .andExpect(jsonPath("$.payments[0].status").value("COMPENSATED_BEFORE_EXECUTION"));
    }

    @Test
    void concurrentDeliveriesOfOneRequestChargeOnce() throws Exception {
        String customer = newId("cust");
        ChargePayment charge = charge(customer, "15.00");
        byte[] body = JSON.encodeBytes(charge);
        int copies = 6;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        List<UUID> messageIds = new ArrayList<>();
        try {
            List<Future<CommandDispatcher.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                UUID messageId = UUID.randomUUID();
                messageIds.add(messageId);
                var record = record(Topics.PAYMENT_COMMANDS, newId("saga"), body,
                        SagaHeaders.command(messageId, "ChargePayment", 1, null, null));
                outcomes.add(pool.submit((Callable<CommandDispatcher.Outcome>) () -> dispatcher.dispatch(record)));
            }
            for (Future<CommandDispatcher.Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(CommandDispatcher.Outcome.PROCESSED);
            }
        } finally {
            pool.shutdownNow();
        }

        assertAccount(customer, "100.00", "15.00");
        List<PaymentCharged> replies = messageIds.stream().map(this::awaitReply).map(r -> (PaymentCharged) payload(r)).toList();
        assertThat(replies).hasSize(copies).allMatch(r -> r.equals(replies.get(0)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE request_id = ?", Integer.class,
                charge.requestId())).isEqualTo(1);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionMovesOn() {
        String saga = newId("poison");
        ChargePayment charge = charge(newId("cust"), "1.00");
        producer.send(Topics.PAYMENT_COMMANDS, saga, "{not json".getBytes(StandardCharsets.UTF_8),
                SagaHeaders.command(UUID.randomUUID(), "ChargePayment", 1, saga, null));
        producer.send(Topics.PAYMENT_COMMANDS, saga, JSON.encodeBytes(charge),
                SagaHeaders.command(UUID.randomUUID(), "ChargeEverything", 1, saga, null));
        producer.send(Topics.PAYMENT_COMMANDS, saga, JSON.encodeBytes(charge),
                SagaHeaders.command(null, "ChargePayment", 1, saga, null));
        producer.send(Topics.PAYMENT_COMMANDS, saga, JSON.encodeBytes(new PaymentRefunded(UUID.randomUUID(), "o")),
                SagaHeaders.command(UUID.randomUUID(), "PaymentRefunded", 1, saga, null));

        PaymentCharged next = payload(awaitReply(send(charge, saga, null)));

        assertThat(next.requestId()).isEqualTo(charge.requestId());
        List<ReceivedRecord> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> recorder.matching(r -> r.topic().equals(DLT) && saga.equals(r.key())), l -> l.size() == 4);
        assertThat(dead).extracting(r -> r.header(SagaHeaders.DLT_REASON)).allMatch(Objects::nonNull);
        assertThat(dead.get(0).header(SagaHeaders.DLT_REASON)).contains("malformed JSON");
        assertThat(dead.get(1).header(SagaHeaders.DLT_REASON)).contains("unknown message type");
        assertThat(dead.get(2).header(SagaHeaders.DLT_REASON)).contains("missing header message-id");
        assertThat(dead.get(3).header(SagaHeaders.DLT_REASON)).contains("not a command");
        assertThat(dead.get(0).valueText()).isEqualTo("{not json");
    }

    // --- HTTP ------------------------------------------------------------------------------------------------

    @Test
    void readsNeedCredentials() throws Exception {
        mvc.perform(get("/accounts/{id}", "anyone"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/payments").param("orderId", "o").with(httpBasic("sam", "wrong")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void writesNeedOperator() throws Exception {
        String customer = newId("cust");
        mvc.perform(put("/accounts/{id}", customer).with(support()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"creditLimit\":\"10.00\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(put("/accounts/{id}", customer).with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"creditLimit\":\"250.5\",\"currency\":\"usd\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value(customer))
                .andExpect(jsonPath("$.creditLimit").value("250.50"))
                .andExpect(jsonPath("$.charged").value("0.00"))
                .andExpect(jsonPath("$.currency").value("USD"));
        mvc.perform(put("/accounts/{id}", customer).with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"creditLimit\":75}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.creditLimit").value("75.00"))
                .andExpect(jsonPath("$.currency").value("USD"));
        mvc.perform(get("/accounts/{id}", customer).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.creditLimit").value("75.00"));
    }

    @Test
    void theCurrencyCannotChangeWhileCharged() throws Exception {
        String customer = newId("cust");
        awaitReply(send(charge(customer, "5.00"), newId("saga"), null));
        mvc.perform(put("/accounts/{id}", customer).with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"creditLimit\":\"10.00\",\"currency\":\"GBP\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void badInputIsAProblem() throws Exception {
        mvc.perform(put("/accounts/{id}", "alice").with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"creditLimit\":\"-1.001\",\"currency\":\"EURO\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("creditLimit", "creditLimit", "currency")));
        mvc.perform(put("/accounts/{id}", "not valid!").with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"creditLimit\":\"1.00\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("customerId"));
        mvc.perform(put("/accounts/{id}", "alice").with(operator()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"creditLimit\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(put("/accounts/{id}", "alice").with(operator()).contentType(MediaType.TEXT_PLAIN)
                        .content("creditLimit=1"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/payments").with(support()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("orderId"));
    }

    @Test
    void unknownAccountIsNotFound() throws Exception {
        mvc.perform(get("/accounts/{id}", newId("nobody")).with(support()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void unknownOrderHasNoPayments() throws Exception {
        mvc.perform(get("/payments").param("orderId", newId("order")).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.netCharged").value("0.00"))
                .andExpect(jsonPath("$.payments.length()").value(0));
    }

    @Test
    void healthAndDocsAreOpenMetricsNeedOperator() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/accounts/{customerId}']").exists());
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").with(support())).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").with(operator())).andExpect(status().isOk());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static ChargePayment charge(String customer, String amount) {
        return new ChargePayment(UUID.randomUUID(), newId("order"), customer, new BigDecimal(amount), "EUR");
    }

    private static UUID send(Command command, String saga, String traceparent) {
        UUID messageId = UUID.randomUUID();
        producer.send(Topics.PAYMENT_COMMANDS, saga, JSON.encodeBytes(command),
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

    private void assertAccount(String customer, String creditLimit, String charged) throws Exception {
        mvc.perform(get("/accounts/{id}", customer).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.creditLimit").value(creditLimit))
                .andExpect(jsonPath("$.charged").value(charged))
                .andExpect(jsonPath("$.currency").value("EUR"));
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

    private static org.springframework.test.web.servlet.request.RequestPostProcessor support() {
        return httpBasic("sam", "test-support-pw");
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor operator() {
        return httpBasic("olga", "test-operator-pw");
    }
}
