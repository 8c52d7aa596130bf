package io.sagaengine.payment;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.service.testing.ParticipantIntegrationTest;
import io.sagaengine.testsupport.RealServers;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A payment database written by the version before the participant requests (schema V1, one payment row per
 * requestId with its status) starts under this version with requests in flight: their late refunds and late or
 * re-sent charges are answered from what the old version recorded.
 */
@TestPropertySource(properties = {
        "payment.default-credit-limit=1000.00",
        "payment.default-currency=EUR"})
class PaymentUpgradeIT extends ParticipantIntegrationTest {

    private static final String DATABASE = "payment_upgrade_" + UUID.randomUUID().toString().substring(0, 8);

    private static final String CUSTOMER = "cust-" + UUID.randomUUID();
    private static final ChargePayment CHARGED = charge("40.00");
    private static final UUID CHARGE_ID = UUID.randomUUID();
    private static final ChargePayment REFUNDED = charge("7.00");
    private static final UUID REFUNDED_CHARGE_ID = UUID.randomUUID();
    private static final ChargePayment DECLINED = charge("5.00");
    private static final ChargePayment COMPENSATED_FIRST = charge("20.00");

    PaymentUpgradeIT() {
        super(Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES);
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        RealServers servers = RealServers.shared();
        var dataSource = new DriverManagerDataSource(servers.createDatabase(DATABASE), servers.username(),
                servers.password());
        // the schema of the version before: the outbox's migrations and the service's V1, nothing newer
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/outbox")
                .target("1").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO account (customer_id, credit_limit, charged, currency) VALUES (?, 1000.00, 40.00, 'EUR')",
                CUSTOMER);
        oldRow(jdbc, CHARGED, "CHARGED", CHARGE_ID, null);
        oldRow(jdbc, REFUNDED, "REFUNDED", REFUNDED_CHARGE_ID, null);
        oldRow(jdbc, DECLINED, "DECLINED", null, PaymentDeclined.INSUFFICIENT_CREDIT);
        oldRow(jdbc, COMPENSATED_FIRST, "COMPENSATED_BEFORE_EXECUTION", null, null);
        useRealServers(registry, DATABASE);
    }

    @Test
    void theUpgradeMovedEveryRequestAndKeptOnlyTheChargesInThePaymentTable() {
        assertThat(jdbc.queryForObject("SELECT max(version) FROM flyway_schema_history WHERE type = 'SQL'",
                String.class)).isEqualTo("2");
        assertThat(recorded(CHARGED)).endsWith("CHARGED " + CHARGE_ID);
        assertThat(recorded(REFUNDED)).isEqualTo("COMPENSATED CHARGED " + REFUNDED_CHARGE_ID);
        assertThat(recorded(DECLINED)).isEqualTo("EXECUTED DECLINED " + PaymentDeclined.INSUFFICIENT_CREDIT);
        assertThat(recorded(COMPENSATED_FIRST)).isEqualTo("COMPENSATED_BEFORE_EXECUTION");
        assertThat(jdbc.queryForList("SELECT charge_id FROM payment WHERE customer_id = ?", UUID.class, CUSTOMER))
                .containsExactlyInAnyOrder(CHARGE_ID, REFUNDED_CHARGE_ID);
    }

    @Test
    void aRefundArrivingAfterTheUpgradeRefundsTheChargeMadeBeforeItOnce() throws Exception {
        String saga = newId("saga");
        RefundPayment refund = refundOf(CHARGED);

        PaymentRefunded first = replyTo(refund, saga);
        PaymentRefunded second = replyTo(refund, saga);
        PaymentCharged chargeAgain = replyTo(CHARGED, saga);

        assertThat(first).isEqualTo(new PaymentRefunded(CHARGED.requestId(), CHARGED.orderId()));
        assertThat(second).isEqualTo(first);
        assertThat(chargeAgain.chargeId()).isEqualTo(CHARGE_ID.toString());
        mvc.perform(get("/accounts/{id}", CUSTOMER).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.charged").value("0.00"));
        mvc.perform(get("/payments").param("orderId", CHARGED.orderId()).with(support()))
                .andExpect(jsonPath("$.netCharged").value("0.00"))
                .andExpect(jsonPath("$.payments.length()").value(1))
                .andExpect(jsonPath("$.payments[0].status").value("REFUNDED"))
                .andExpect(jsonPath("$.payments[0].chargeId").value(CHARGE_ID.toString()))
                .andExpect(jsonPath("$.payments[0].refundedAt").isNotEmpty());
    }

    @Test
    void aLateChargeAfterARefundRecordedBeforeTheUpgradeIsDeclinedAndChargesNothing() throws Exception {
        PaymentDeclined late = replyTo(COMPENSATED_FIRST);

        assertThat(late).isEqualTo(new PaymentDeclined(COMPENSATED_FIRST.requestId(), COMPENSATED_FIRST.orderId(),
                PaymentDeclined.ALREADY_COMPENSATED));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE request_id = ?", Integer.class,
                COMPENSATED_FIRST.requestId())).isZero();
        mvc.perform(get("/payments").param("orderId", COMPENSATED_FIRST.orderId()).with(support()))
                .andExpect(jsonPath("$.netCharged").value("0.00"))
                .andExpect(jsonPath("$.payments[0].status").value("COMPENSATED_BEFORE_EXECUTION"));
    }

    @Test
    void aChargeDeclinedBeforeTheUpgradeIsDeclinedAgainThoughThereIsCreditNow() throws Exception {
        PaymentDeclined again = replyTo(DECLINED);

        assertThat(again).isEqualTo(new PaymentDeclined(DECLINED.requestId(), DECLINED.orderId(),
                PaymentDeclined.INSUFFICIENT_CREDIT));
        mvc.perform(get("/payments").param("orderId", DECLINED.orderId()).with(support()))
                .andExpect(jsonPath("$.payments[0].status").value("DECLINED"))
                .andExpect(jsonPath("$.payments[0].reason").value(PaymentDeclined.INSUFFICIENT_CREDIT))
                .andExpect(jsonPath("$.payments[0].amount").value("5.00"))
                .andExpect(jsonPath("$.payments[0].customerId").value(CUSTOMER));
    }

    @Test
    void aRefundRecordedBeforeTheUpgradeIsNotRepeated() throws Exception {
        PaymentRefunded again = replyTo(refundOf(REFUNDED));

        assertThat(again).isEqualTo(new PaymentRefunded(REFUNDED.requestId(), REFUNDED.orderId()));
        mvc.perform(get("/payments").param("orderId", REFUNDED.orderId()).with(support()))
                .andExpect(jsonPath("$.netCharged").value("0.00"))
                .andExpect(jsonPath("$.payments[0].status").value("REFUNDED"))
                .andExpect(jsonPath("$.payments[0].chargeId").value(REFUNDED_CHARGE_ID.toString()));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** The recorded state and outcome (its type, and its charge id or reason). */
    private String recorded(ChargePayment c) {
        return jdbc.queryForObject("""
                SELECT concat_ws(' ', state, outcome->>'type', coalesce(outcome->>'chargeId', outcome->>'reason'))
                FROM participant_request WHERE request_id = ?""", String.class, c.requestId());
    }

    /** A row as the version before wrote it. */
    private static void oldRow(JdbcTemplate jdbc, ChargePayment c, String status, UUID chargeId, String reason) {
        jdbc.update("""
                INSERT INTO payment (request_id, order_id, customer_id, amount, currency, status, charge_id, reason,
                                     charged_at, refunded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?,
                        CASE WHEN ?::uuid IS NULL THEN NULL ELSE now() END,
                        CASE WHEN ?::text = 'REFUNDED' THEN now() END)""",
                c.requestId(), c.orderId(), c.customerId(), c.amount(), c.currency(), status, chargeId, reason,
                chargeId, status);
    }

    private static ChargePayment charge(String amount) {
        return new ChargePayment(UUID.randomUUID(), newId("order"), CUSTOMER, new BigDecimal(amount), "EUR");
    }

    private static RefundPayment refundOf(ChargePayment c) {
        return new RefundPayment(c.requestId(), c.orderId(), c.customerId(), c.amount(), c.currency());
    }
}
