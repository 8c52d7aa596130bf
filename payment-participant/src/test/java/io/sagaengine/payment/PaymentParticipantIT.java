package io.sagaengine.payment;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.service.testing.ParticipantIntegrationTest;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TestPropertySource(properties = {
        "payment.default-credit-limit=100.00",
        "payment.default-currency=EUR",
        "saga.security.tokens.secret=" + PaymentParticipantIT.TOKEN_SECRET})
class PaymentParticipantIT extends ParticipantIntegrationTest {

    static final String TOKEN_SECRET = "the-payment-test-token-signing-key-0123456789";

    PaymentParticipantIT() {
        super(Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES);
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "payment_it");
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

        assertReplyHeaders(reply, "PaymentCharged", saga, messageId, traceparent);
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
        replyTo(charge(customer, "70.00"));
        ChargePayment tooMuch = charge(customer, "30.01");

        PaymentDeclined declined = replyTo(tooMuch);

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

        PaymentDeclined declined = replyTo(dollars);

        assertThat(declined.reason()).isEqualTo(ChargeDecision.CURRENCY_MISMATCH);
        assertAccount(customer, "100.00", "0.00");
    }

    @Test
    void theSameRecordDeliveredTwiceHasOneEffect() throws Exception {
        String customer = newId("cust");
        String saga = newId("saga");
        ChargePayment charge = charge(customer, "10.00");

        UUID messageId = deliverTwice(charge, saga);
        // a later command of the same saga (same partition) is processed only after both copies
        replyTo(new RefundPayment(UUID.randomUUID(), charge.orderId(), customer, BigDecimal.ONE, "EUR"), saga);

        assertThat(replies(messageId)).hasSize(1);
        assertAccount(customer, "100.00", "10.00");
    }

    @Test
    void aResentCommandWithTheSameRequestIdRepeatsTheReplyNotTheEffect() throws Exception {
        String customer = newId("cust");
        ChargePayment charge = charge(customer, "25.00");

        PaymentCharged first = replyTo(charge);
        PaymentCharged second = replyTo(charge);

        assertThat(second).isEqualTo(first);
        assertAccount(customer, "100.00", "25.00");
    }

    @Test
    void aResentDeclinedCommandIsDeclinedAgainForTheSameReason() throws Exception {
        String customer = newId("cust");
        ChargePayment charge = charge(customer, "100.01");

        PaymentDeclined first = replyTo(charge);
        // more credit now, but the recorded outcome of this requestId stands
        mvc.perform(put("/accounts/{id}", customer).with(operator()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"creditLimit\":\"500.00\"}")).andExpect(status().isOk());
        PaymentDeclined second = replyTo(charge);

        assertThat(second).isEqualTo(first);
        assertAccount(customer, "500.00", "0.00");
    }

    @Test
    void refundUndoesTheChargeOnce() throws Exception {
        String customer = newId("cust");
        String saga = newId("saga");
        ChargePayment charge = charge(customer, "40.00");
        replyTo(charge, saga);
        RefundPayment refund = new RefundPayment(charge.requestId(), charge.orderId(), customer, charge.amount(), "EUR");

        PaymentRefunded first = replyTo(refund, saga);
        PaymentRefunded second = replyTo(refund, saga);
        PaymentCharged chargeAgain = replyTo(charge, saga);

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

        PaymentRefunded refunded = replyTo(refund, saga);
        PaymentDeclined late = replyTo(charge, saga);

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
        int copies = 6;

        List<UUID> messageIds = dispatchConcurrently(Collections.nCopies(copies, charge));

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
        sendRecord(saga, "{not json".getBytes(StandardCharsets.UTF_8),
                SagaHeaders.command(UUID.randomUUID(), "ChargePayment", 1, saga, null));
        sendRecord(saga, JSON.encodeBytes(charge),
                SagaHeaders.command(UUID.randomUUID(), "ChargeEverything", 1, saga, null));
        sendRecord(saga, JSON.encodeBytes(charge),
                SagaHeaders.command(null, "ChargePayment", 1, saga, null));
        sendRecord(saga, JSON.encodeBytes(new PaymentRefunded(UUID.randomUUID(), "o")),
                SagaHeaders.command(UUID.randomUUID(), "PaymentRefunded", 1, saga, null));

        PaymentCharged next = replyTo(charge, saga);

        assertThat(next.requestId()).isEqualTo(charge.requestId());
        List<ReceivedRecord> dead = awaitDeadLetters(saga, 4);
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
        mvc.perform(get("/payments").param("orderId", "o").with(httpBasic(SUPPORT_USER, "wrong")))
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
        replyTo(charge(customer, "5.00"));
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
    void scriptsTradeBasicForABearerTokenThatReadsAndWritesUntilItExpires() throws Exception {
        String customer = newId("cust");
        String token = mvc.perform(post("/admin/token").with(operator()))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(jsonPath("$.tokenType").value("Bearer"))
                .andReturn().getResponse().getContentAsString();
        String bearer = "Bearer " + JSON.mapper().readTree(token).get("token").asString();

        mvc.perform(put("/accounts/{id}", customer).header("Authorization", bearer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"creditLimit\":\"40.00\"}"))
                .andExpect(status().isOk());
        mvc.perform(get("/payments").param("orderId", newId("order")).header("Authorization", bearer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.netCharged").value("0.00"));
        mvc.perform(get("/accounts/{id}", customer).header("Authorization", bearer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.creditLimit").value("40.00"));

        mvc.perform(post("/admin/token").header("Authorization", bearer))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        Instant past = Instant.now().minusSeconds(1);
        for (String refused : List.of(signed(OPERATOR_USER, past, TOKEN_SECRET),
                signed(OPERATOR_USER, Instant.now().plusSeconds(600), "another-key-that-this-service-never-used"))) {
            mvc.perform(get("/accounts/{id}", customer).header("Authorization", "Bearer " + refused))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", containsString("invalid_token")))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void healthAndDocsAreOpenMetricsNeedOperator() throws Exception {
        assertHealthAndDocsOpenMetricsForOperators("/accounts/{customerId}");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static ChargePayment charge(String customer, String amount) {
        return new ChargePayment(UUID.randomUUID(), newId("order"), customer, new BigDecimal(amount), "EUR");
    }

    /** A token as the service would issue it: {@code base64url(v1|user|expiry).base64url(HMAC-SHA256)}. */
    private static String signed(String user, Instant expiresAt, String secret) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String payload = base64.encodeToString(("v1|" + user + "|" + expiresAt.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return payload + "." + base64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    }

    private void assertAccount(String customer, String creditLimit, String charged) throws Exception {
        mvc.perform(get("/accounts/{id}", customer).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.creditLimit").value(creditLimit))
                .andExpect(jsonPath("$.charged").value(charged))
                .andExpect(jsonPath("$.currency").value("EUR"));
    }
}
