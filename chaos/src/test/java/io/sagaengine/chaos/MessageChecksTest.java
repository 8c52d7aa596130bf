package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageChecksTest {

    private final EvidenceBuilder evidence = new EvidenceBuilder();
    private final Findings findings = new Findings();

    @Test
    void redeliveriesAfterFirstDeliveriesInOutboxOrderAreFineAndCounted() {
        evidence.outboxRow("a", "payment.commands", "s1", 1);
        evidence.outboxRow("b", "payment.commands", "s1", 2);
        evidence.delivered("a", "payment.commands", "s1", 0, false);
        evidence.delivered("b", "payment.commands", "s1", 1, false);
        evidence.delivered("a", "payment.commands", "s1", 2, false);
        evidence.delivered("b", "payment.commands", "s1", 3, true);

        MessageChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).isEmpty();
        assertThat(MessageChecks.duplicates(evidence.deliveries)).isEqualTo(new MessageChecks.Duplicates(1, 1));
    }

    @Test
    void firstDeliveriesOutOfOutboxOrderAreAViolation() {
        evidence.outboxRow("a", "payment.commands", "s1", 1);
        evidence.outboxRow("b", "payment.commands", "s1", 2);
        evidence.delivered("b", "payment.commands", "s1", 0, false);
        evidence.delivered("a", "payment.commands", "s1", 1, false);

        MessageChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).singleElement().asString()
                .startsWith("I5 saga and topic s1 payment.commands: first deliveries [Typeb, Typea]");
    }

    @Test
    void aCommittedRowNeverDeliveredAndARecordNeverCommittedAreViolations() {
        evidence.outboxRow("a", "payment.commands", "s1", 1);
        evidence.outboxRow("c", "inventory.commands", "s1", 1);
        evidence.delivered("a", "payment.commands", "s1", 0, false);
        evidence.delivered("x", "payment.commands", "s1", 1, false);

        MessageChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).hasSize(2)
                .anySatisfy(v -> assertThat(v).startsWith("I5 outbox row c").endsWith("never reached inventory.commands"))
                .anySatisfy(v -> assertThat(v).contains("message-id x").endsWith("is no committed outbox row"));
    }

    @Test
    void aRowWhoseLossWasAcceptedIsNoViolationButAnyOtherUndeliveredRowStillIs() {
        evidence.outboxRow("a", "payment.commands", "s1", 1);
        evidence.outboxRow("b", "payment.commands", "s1", 2);
        evidence.outboxRow("c", "payment.commands", "s1", 3);
        evidence.delivered("a", "payment.commands", "s1", 0, false);

        MessageChecks.check(evidence.build(), java.util.Set.of("b"), findings);

        assertThat(findings.violations()).singleElement().asString().startsWith("I5 outbox row c");
    }

    @Test
    void aRecordOnTheWrongTopicDoesNotCountAsDelivered() {
        evidence.outboxRow("a", "payment.commands", "s1", 1);
        evidence.delivered("a", "inventory.commands", "s1", 0, false);

        assertThat(MessageChecks.undelivered(evidence.outbox, evidence.deliveries)).hasSize(1);
    }
}
