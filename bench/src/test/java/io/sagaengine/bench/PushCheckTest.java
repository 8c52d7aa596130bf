package io.sagaengine.bench;

import io.sagaengine.bench.PushCheck.Read;
import io.sagaengine.bench.PushCheck.Update;
import io.sagaengine.bench.PushCheck.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PushCheckTest {

    private static final Read COMPLETED_AT_3 = new Read("COMPLETED", 3);

    private static Update pending(long version) {
        return new Update(version, "PENDING");
    }

    private static Update completed(long version) {
        return new Update(version, "COMPLETED");
    }

    @Test
    void everyChangeInOrderEndingWithTheStatusReadBackIsClean() {
        Verdict verdict = PushCheck.check(List.of(pending(1), pending(2), completed(3)), true, COMPLETED_AT_3);
        assertThat(verdict).isEqualTo(new Verdict(0, 0, true, true));
        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.problem()).isNull();
    }

    @Test
    void aSubscriberThatConnectedLateStartsFromWhatItFirstReceived() {
        assertThat(PushCheck.check(List.of(pending(2), completed(3)), true, COMPLETED_AT_3).ok()).isTrue();
        assertThat(PushCheck.check(List.of(completed(3)), true, COMPLETED_AT_3).ok())
                .as("connected after the end: the final status alone").isTrue();
    }

    @Test
    void aJumpInVersionsIsAMissedChangePerVersionSkipped() {
        Verdict verdict = PushCheck.check(List.of(pending(1), completed(4)), true, new Read("COMPLETED", 4));
        assertThat(verdict.missed()).isEqualTo(2);
        assertThat(verdict.outOfOrder()).isZero();
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.problem()).isEqualTo("2 missed");
    }

    @Test
    void aRepeatedOrOlderVersionIsOutOfOrder() {
        Verdict repeated = PushCheck.check(List.of(pending(1), pending(1), completed(2)), true,
                new Read("COMPLETED", 2));
        assertThat(repeated.outOfOrder()).isEqualTo(1);
        assertThat(repeated.missed()).isZero();

        Verdict backwards = PushCheck.check(List.of(pending(1), pending(3), pending(2), completed(4)), true,
                new Read("COMPLETED", 4));
        assertThat(backwards.outOfOrder()).as("2 came after 3").isEqualTo(1);
        assertThat(backwards.missed()).as("2 came late, not never").isZero();
        assertThat(backwards.problem()).isEqualTo("1 out of order");
    }

    @Test
    void changesAfterTheLastUpdateReceivedAreMissed() {
        Verdict verdict = PushCheck.check(List.of(pending(1), pending(2)), true, COMPLETED_AT_3);
        assertThat(verdict.missed()).isEqualTo(1);
        assertThat(verdict.endedFinal()).as("the stream ended on a pending status").isFalse();
        assertThat(verdict.matchesRead()).isFalse();
    }

    @Test
    void aFinalStatusOtherThanTheOneReadBackIsAMismatch() {
        Verdict verdict = PushCheck.check(List.of(pending(1), new Update(2, "CANCELLED")), true,
                new Read("COMPLETED", 2));
        assertThat(verdict.endedFinal()).isTrue();
        assertThat(verdict.matchesRead()).isFalse();
        assertThat(verdict.problem()).isEqualTo("last update differs from GET /orders/{id}");
    }

    @Test
    void aStreamThatBrokeOffOrReceivedNothingDidNotEndWithAFinalStatus() {
        assertThat(PushCheck.check(List.of(pending(1), completed(2)), false, new Read("COMPLETED", 2)).endedFinal())
                .as("the final status arrived but the server did not end the stream normally").isFalse();
        Verdict nothing = PushCheck.check(List.of(), true, COMPLETED_AT_3);
        assertThat(nothing.endedFinal()).isFalse();
        assertThat(nothing.matchesRead()).isFalse();
        assertThat(PushCheck.check(List.of(completed(3)), true, null).matchesRead())
                .as("an order that could not be read back").isFalse();
    }

    @Test
    void subscribersPerOrderKeepAboutTheTargetConnected() {
        assertThat(PushBench.perOrder(2000, 50, 0.5, 100)).isEqualTo(80);
        assertThat(PushBench.perOrder(2000, 50, 0.1, 100)).as("capped").isEqualTo(100);
        assertThat(PushBench.perOrder(100, 50, 40, 100)).as("at least one per order").isEqualTo(1);
    }

    @Test
    void theAcceptedRateIsReadOverTheLastOrdersAccepted() {
        PushBench.AcceptedRate rate = new PushBench.AcceptedRate();
        assertThat(rate.record(0)).isNaN();
        assertThat(rate.record(100_000_000L)).isEqualTo(10.0);
        for (int i = 2; i <= 200; i++) {
            rate.record(100_000_000L + (i - 1) * 500_000_000L);
        }
        assertThat(rate.record(100_000_000L + 200 * 500_000_000L)).as("only the last 64 count").isEqualTo(2.0);
    }

    @Test
    void theVersionIsTheEntityTagsNumber() {
        assertThat(PushBench.version("\"2\"")).isEqualTo(2);
        assertThat(PushBench.version("W/\"17\"")).isEqualTo(17);
        assertThat(PushBench.version("\"x\"")).isEqualTo(-1);
    }
}
