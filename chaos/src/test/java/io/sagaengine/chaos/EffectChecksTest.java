package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EffectChecksTest {

    private final EvidenceBuilder evidence = new EvidenceBuilder();
    private final Findings findings = new Findings();

    @Test
    void aCompletedOrderWithAllItsEffectsPasses() {
        evidence.completed("o1");
        evidence.order("o2", "CANCELLED", "PAYMENT_DECLINED", "COMPENSATED");

        EffectChecks.check(evidence.build(), EvidenceBuilder.FIXTURES, findings);

        assertThat(findings.violations()).isEmpty();
    }

    @Test
    void aSecondChargeIsAViolationEvenWhenRefunded() {
        PlacedOrder order = evidence.completed("o1");
        evidence.payments.add(new Databases.EffectRow("o1", "pay-2", "REFUNDED", order.plan().total(), true));

        EffectChecks.check(evidence.build(), EvidenceBuilder.FIXTURES, findings);

        assertThat(findings.violations()).containsExactly("I2 order o1 (COMPLETED) was charged 2 times");
    }

    @Test
    void aCancelledOrderStillChargedReservedAndShippedBreaksI2I3AndI4() {
        evidence.order("o1", "CANCELLED", "TIMED_OUT", "COMPENSATED");
        evidence.payments.add(new Databases.EffectRow("o1", "p", "CHARGED", EvidenceBuilder.money("10.00"), true));
        evidence.reservations.add(new Databases.EffectRow("o1", "r", "RESERVED", null, false));
        evidence.shipments.add(new Databases.EffectRow("o1", "s", "SCHEDULED", null, false));

        EffectChecks.check(evidence.build(), EvidenceBuilder.FIXTURES, findings);

        assertThat(findings.violations()).extracting(v -> v.substring(0, 2)).contains("I2", "I3", "I4");
    }

    @Test
    void stockThatIsNotConservedOrNotHeldByCompletedOrdersIsAViolation() {
        evidence.completed("o1");
        String sku = EvidenceBuilder.FIXTURES.skus().get(0);
        int reserved = evidence.stock.get(sku).path("reserved").asInt();
        int available = evidence.stock.get(sku).path("available").asInt();
        evidence.stock(sku, available - 1, reserved + 1); // conserved, but reserved for nobody

        EffectChecks.check(evidence.build(), EvidenceBuilder.FIXTURES, findings);

        assertThat(findings.violations()).singleElement().asString().contains(sku + ": reserved");
    }
}
