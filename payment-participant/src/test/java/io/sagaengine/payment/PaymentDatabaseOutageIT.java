package io.sagaengine.payment;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.service.testing.ParticipantIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command that arrives while the database refuses work waits for the database: it is retried with back-off
 * for as long as the outage lasts and never dead-lettered, whatever the retry budget of a broken message.
 * The outage is a lock the test holds on the inbox; the service's sessions give up waiting for it after a
 * short lock timeout (SQLSTATE 55P03), as they would fail on a database that is down or failing over.
 */
@PaymentsGivingUpOnLocksQuickly
class PaymentDatabaseOutageIT extends ParticipantIntegrationTest {

    private static final String DATABASE = "payment_outage_it";

    PaymentDatabaseOutageIT() {
        super(Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES);
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, DATABASE);
    }

    @Test
    void aCommandArrivingDuringAnOutageWaitsForTheDatabaseAndIsNeverDeadLettered() throws Exception {
        String saga = newId("outage");
        ChargePayment charge = new ChargePayment(UUID.randomUUID(), newId("order"), newId("cust"),
                new BigDecimal("1.00"), "EUR");
        UUID messageId;
        try (Connection outage = connect(DATABASE); Statement statement = outage.createStatement()) {
            outage.setAutoCommit(false);
            statement.execute("LOCK TABLE inbox IN ACCESS EXCLUSIVE MODE");
            messageId = send(charge, saga, null);
            UUID sent = messageId;
            // far longer than a broken message's budget (2 retries, 100-500 ms apart)
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                    .until(() -> deadLetters(saga).isEmpty() && replies(sent).isEmpty());
            outage.rollback();
        }

        PaymentCharged charged = payload(awaitReply(messageId));

        assertThat(charged.requestId()).isEqualTo(charge.requestId());
        assertThat(deadLetters(saga)).as("nothing dead-lettered for an outage").isEmpty();
        assertThat(replies(messageId)).hasSize(1);
    }
}
