package io.sagaengine.payment;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.service.testing.ParticipantIntegrationTest;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The commands of one poll are applied in one transaction, and still each on its own: a poison record among them
 * is dead-lettered alone, a command that fails for a while is retried and applied once, duplicates have one effect.
 * The service's sessions give up waiting for a row lock after 300 ms (SQLSTATE 55P03, a transient failure).
 */
@PaymentsGivingUpOnLocksQuickly
class PaymentCommandBatchIT extends ParticipantIntegrationTest {

    private static final String DATABASE = "payment_batch_it";

    PaymentCommandBatchIT() {
        super(Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES);
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, DATABASE);
    }

    @Test
    void aPoisonRecordInABatchIsDeadLetteredAloneWithItsReasonAndTheOthersAreAppliedAndRepliedTo() {
        String saga = newId("batch-poison");
        List<ChargePayment> charges = List.of(charge("1.00"), charge("2.00"), charge("3.00"), charge("4.00"));
        UUID[] sent = new UUID[charges.size()];

        sendInOnePoll(() -> {
            sent[0] = send(charges.get(0), saga, null);
            sent[1] = send(charges.get(1), saga, null);
            sendRecord(saga, "{not json".getBytes(StandardCharsets.UTF_8),
                    SagaHeaders.command(UUID.randomUUID(), "ChargePayment", 1, saga, null));
            sent[2] = send(charges.get(2), saga, null);
            sent[3] = send(charges.get(3), saga, null);
        });

        for (int i = 0; i < charges.size(); i++) {
            PaymentCharged charged = payload(awaitReply(sent[i]));
            assertThat(charged.requestId()).isEqualTo(charges.get(i).requestId());
            assertThat(replies(sent[i])).hasSize(1);
            assertCharged(charges.get(i).customerId(), charges.get(i).amount());
        }
        List<ReceivedRecord> dead = awaitDeadLetters(saga, 1);
        assertThat(dead.get(0).header(SagaHeaders.DLT_REASON)).contains("malformed JSON");
        assertThat(dead.get(0).valueText()).isEqualTo("{not json");
        assertThat(transactionsThatApplied(sent[0], sent[1])).as("the commands before the poison record: one batch")
                .isEqualTo(1);
        assertThat(transactionsThatApplied(sent[2], sent[3])).as("the commands after it: one batch").isEqualTo(1);
    }

    @Test
    void aCommandThatFailsTransientlyIsRetriedAndAppliedOnceWhileTheOnesBeforeItCommit() throws Exception {
        String saga = newId("batch-transient");
        ChargePayment blocked = charge("5.00");
        replyTo(new ChargePayment(UUID.randomUUID(), newId("order"), blocked.customerId(), new BigDecimal("1.00"),
                "EUR"));
        ChargePayment before = charge("6.00");
        ChargePayment after = charge("7.00");
        UUID[] ids = new UUID[3];
        try (Connection lock = connect(DATABASE);
             PreparedStatement account = lock.prepareStatement(
                     "SELECT * FROM account WHERE customer_id = ? FOR UPDATE")) {
            lock.setAutoCommit(false);
            account.setString(1, blocked.customerId());
            account.executeQuery().close();
            sendInOnePoll(() -> {
                ids[0] = send(before, saga, null);
                ids[1] = send(blocked, saga, null);
                ids[2] = send(after, saga, null);
            });

            awaitReply(ids[0]);
            // far longer than a failing command's budget (2 retries, 100-500 ms apart): the lock is transient
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> replies(ids[1]).isEmpty() && replies(ids[2]).isEmpty() && deadLetters(saga).isEmpty());
            lock.rollback();
        }
        UUID blockedId = ids[1];
        UUID afterId = ids[2];

        PaymentCharged charged = payload(awaitReply(blockedId));
        awaitReply(afterId);

        assertThat(charged.requestId()).isEqualTo(blocked.requestId());
        assertThat(replies(blockedId)).hasSize(1);
        assertCharged(blocked.customerId(), new BigDecimal("6.00"));
        assertCharged(before.customerId(), before.amount());
        assertCharged(after.customerId(), after.amount());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE request_id = ?", Integer.class,
                blocked.requestId())).isEqualTo(1);
        assertThat(deadLetters(saga)).isEmpty();
        assertThat(transactionsThatApplied(blockedId, afterId)).as("retried with the command after it: one batch")
                .isEqualTo(1);
    }

    @Test
    void duplicatesOfACommandInOneBatchHaveOneEffectAndTheSameReply() {
        String saga = newId("batch-duplicates");
        ChargePayment charge = charge("8.00");
        ChargePayment other = charge("9.00");
        UUID[] ids = new UUID[3];

        sendInOnePoll(() -> {
            ids[0] = deliverTwice(charge, saga);
            ids[1] = send(charge, saga, null);
            ids[2] = send(other, saga, null);
        });

        PaymentCharged first = payload(awaitReply(ids[0]));
        PaymentCharged resent = payload(awaitReply(ids[1]));
        awaitReply(ids[2]);
        assertThat(transactionsThatApplied(ids)).as("one batch").isEqualTo(1);
        assertThat(resent).isEqualTo(first);
        assertThat(replies(ids[0])).hasSize(1);
        assertThat(replies(ids[1])).hasSize(1);
        assertCharged(charge.customerId(), charge.amount());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE request_id = ?", Integer.class,
                charge.requestId())).isEqualTo(1);
    }

    private static ChargePayment charge(String amount) {
        return new ChargePayment(UUID.randomUUID(), newId("order"), newId("cust"), new BigDecimal(amount), "EUR");
    }

    private void assertCharged(String customer, BigDecimal amount) {
        assertThat(jdbc.queryForObject("SELECT charged FROM account WHERE customer_id = ?", BigDecimal.class,
                customer)).isEqualByComparingTo(amount);
    }
}
