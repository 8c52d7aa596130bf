package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderChecksTest {

    private final EvidenceBuilder evidence = new EvidenceBuilder();
    private final Findings findings = new Findings();

    @Test
    void ordersEndingAsPlannedAreNeitherViolationsNorSpurious() {
        evidence.completed("o1");

        OrderChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).isEmpty();
        assertThat(findings.spurious()).isEmpty();
    }

    @Test
    void aTimedOutOrAttentionNeedingOrderIsSpurious() {
        evidence.order("o1", "CANCELLED", "TIMED_OUT", "COMPENSATED");
        evidence.order("o2", "PENDING", null, "NEEDS_ATTENTION");

        OrderChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).isEmpty();
        assertThat(findings.spurious()).hasSize(2)
                .anySatisfy(s -> assertThat(s).endsWith("planned COMPLETED, ended CANCELLED/TIMED_OUT"))
                .anySatisfy(s -> assertThat(s).endsWith("saga NEEDS_ATTENTION"));
    }

    @Test
    void anOrderStillPendingIsAnI1Violation() {
        evidence.order("o1", "PENDING", null, "RUNNING");

        OrderChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).singleElement().asString().startsWith("I1 order o1");
    }

    @Test
    void stuckCountsAcceptedOrdersThatAreNotTerminal() {
        evidence.completed("o1");
        evidence.order("o2", "CANCELLED", "PAYMENT_DECLINED", "COMPENSATED");
        evidence.order("o3", "PENDING", null, "NEEDS_ATTENTION");
        evidence.order("o4", "PENDING", null, "RUNNING");
        evidence.order("o5", "PENDING", null, "COMPENSATING");
        PlacedOrder missing = evidence.order("o6", "COMPLETED", null, "COMPLETED");
        evidence.orders.remove(missing.plan().key());

        assertThat(OrderChecks.stuck(evidence.build())).isEqualTo(3);
    }

    @Test
    void nothingIsStuckWhenEveryOrderEndedOrWasNeverAccepted() {
        evidence.completed("o1");
        PlacedOrder refused = new PlacedOrder(evidence.completed("o2").plan());
        refused.answered(new Api.Answer(503, null, null, "slot lost", "5"));
        evidence.placed.add(refused);

        assertThat(OrderChecks.stuck(evidence.build())).isZero();
    }

    @Test
    void aBurstOrderRefusedForGoodIsNeitherAViolationNorStuck() {
        evidence.completed("o1");
        PlacedOrder shed = new PlacedOrder(evidence.planner().next(), true);
        shed.answered(new Api.Answer(503, null, null, "overloaded", "2"));
        evidence.placed.add(shed);

        OrderChecks.check(evidence.build(), findings);

        assertThat(shed.settled()).isTrue();
        assertThat(findings.violations()).isEmpty();
        assertThat(OrderChecks.stuck(evidence.build())).isZero();
    }

    @Test
    void anOrderStoredForAKeyThatWasOnlyEverRefusedIsAViolation() {
        PlacedOrder stored = evidence.completed("o1");
        PlacedOrder refused = new PlacedOrder(stored.plan(), true);
        refused.answered(new Api.Answer(503, null, null, "overloaded", "2"));
        refused.answered(new Api.Answer(429, null, null, "too many", "1"));
        evidence.placed.set(0, refused);

        OrderChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).singleElement().asString()
                .startsWith("REFUSED key " + stored.plan().key() + " was only ever refused (503,429) but order o1");
    }

    @Test
    void aSteadyOrderIsAskedAgainAfterARefusalAndARefusalIsNeverDefinitive() {
        PlacedOrder steady = new PlacedOrder(evidence.planner().next());
        steady.answered(new Api.Answer(429, null, null, "too many", "3"));

        assertThat(steady.settled()).as("asked again later").isFalse();
        assertThat(steady.refusedForGood()).isFalse();
        assertThat(new Api.Answer(429, null, null, null, "3").definitive()).isFalse();
        assertThat(new Api.Answer(429, null, null, null, "3").retryAfterSeconds()).hasValue(3);
        assertThat(new Api.Answer(503, null, null, null, "Wed, 21 Oct 2015 07:28:00 GMT").retryAfterSeconds()).isEmpty();
        assertThat(new Api.Answer(422, null, null, null).definitive()).isTrue();
    }

    @Test
    void oneKeyAnsweredWithTwoOrdersIsAnI7Violation() {
        PlacedOrder order = evidence.completed("o1");
        order.answered(new Api.Answer(202, "o2", "saga-o2", null));

        OrderChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).singleElement().asString().contains("answered with different orders [o1, o2]");
    }

    @Test
    void aKeyWithoutDefinitiveAnswerOrWithTwoSagasIsAnI7Violation() {
        PlacedOrder unanswered = new PlacedOrder(evidence.completed("o1").plan());
        unanswered.answered(Api.Answer.unknown(new java.net.ConnectException("refused")));
        unanswered.giveUp();
        evidence.placed.set(0, unanswered);
        evidence.sagas.put("o1", 2);

        OrderChecks.check(evidence.build(), findings);

        assertThat(findings.violations()).hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("got no definitive answer in 1 attempts: unknown"))
                .anySatisfy(v -> assertThat(v).endsWith("has 2 sagas"));
    }
}
