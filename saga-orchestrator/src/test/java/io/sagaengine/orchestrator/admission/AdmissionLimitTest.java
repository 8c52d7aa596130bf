package io.sagaengine.orchestrator.admission;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive limit on a simulated flow with a clock of its own: sagas are served one after the other at the flow's
 * capacity and take a fixed time on top (the messages' way to the participants and back).
 */
class AdmissionLimitTest {

    private static final Duration TARGET = Duration.ofSeconds(1);
    private static final long TICK = Duration.ofMillis(5).toNanos();

    /** A flow of sagas with a capacity and the limit in front of it; the clock is its own. */
    static final class Flow {
        final SagaLimit limit;
        final Deque<long[]> queue = new ArrayDeque<>(); // {admittedAt}
        final Deque<Object[]> finishing = new ArrayDeque<>(); // {id, finishesAt, admittedAt}
        final List<Long> latencies = new ArrayList<>();
        final List<UUID> ids = new ArrayList<>();
        long now;
        double capacity;
        double arrivals;
        double service;
        long offered;
        long refused;
        long completed;
        private final long base;

        Flow(double capacity, Duration base, int initial, int min, int max) {
            this.capacity = capacity;
            this.base = base.toNanos();
            this.limit = new SagaLimit(new SagaLimit.Settings(TARGET, initial, min, max, Duration.ofSeconds(60)),
                    () -> now);
        }

        /** Offers {@code rate} sagas a second for {@code duration}. */
        void run(double rate, Duration duration) {
            long end = now + duration.toNanos();
            long nextAdjust = now;
            while (now < end) {
                now += TICK;
                arrivals += rate * TICK / 1e9;
                while (arrivals >= 1) {
                    arrivals--;
                    offered++;
                    if (limit.tryReserve()) {
                        UUID id = UUID.randomUUID();
                        limit.started(id);
                        ids.add(id);
                        queue.add(new long[] {ids.size() - 1, now});
                    } else {
                        refused++;
                    }
                }
                service += capacity * TICK / 1e9;
                while (service >= 1 && !queue.isEmpty()) {
                    service--;
                    long[] served = queue.poll();
                    finishing.add(new Object[] {ids.get((int) served[0]), now + base, served[1]});
                }
                if (queue.isEmpty()) {
                    service = Math.min(service, 1);
                }
                while (!finishing.isEmpty() && (long) finishing.peek()[1] <= now) {
                    Object[] done = finishing.poll();
                    limit.finished((UUID) done[0]);
                    latencies.add(now - (long) done[2]);
                    completed++;
                }
                if (now - nextAdjust >= 0) {
                    limit.adjust();
                    nextAdjust = now + Duration.ofMillis(250).toNanos();
                }
            }
        }

        void resetCounts() {
            offered = 0;
            refused = 0;
            completed = 0;
            latencies.clear();
        }

        Duration p99() {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return Duration.ofNanos(sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
        }
    }

    @Test
    void underTwiceItsCapacityTheLimitSettlesNearCapacityTimesTargetAndAcceptedSagasFinishInTime() {
        Flow flow = new Flow(90, Duration.ofMillis(100), 20, 4, 1000);
        flow.run(180, Duration.ofSeconds(60));
        flow.resetCounts();
        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            flow.run(180, Duration.ofSeconds(1));
            limits.add(flow.limit.limit());
        }

        assertThat(flow.completed / 60.0).as("goodput, sagas/s").isGreaterThanOrEqualTo(0.9 * 90);
        assertThat(flow.p99()).as("p99 of admitted sagas").isLessThan(Duration.ofSeconds(2));
        assertThat(limits).as("the limit (capacity x target = 90)").allSatisfy(
                limit -> assertThat(limit).isBetween(55, 120));
        assertThat(flow.refused).as("the excess is refused").isGreaterThan(60 * 70);
    }

    @Test
    void afterTheOverloadEverythingIsAdmittedAgainAtNormalLatency() {
        Flow flow = new Flow(90, Duration.ofMillis(100), 20, 4, 1000);
        flow.run(180, Duration.ofSeconds(60));
        flow.run(45, Duration.ofSeconds(30));
        flow.resetCounts();
        flow.run(45, Duration.ofSeconds(30));

        assertThat(flow.refused).isZero();
        assertThat(flow.completed).isGreaterThanOrEqualTo(45 * 30 - 10);
        assertThat(flow.p99()).isLessThan(Duration.ofMillis(250));
        assertThat(flow.limit.limit()).isGreaterThanOrEqualTo(45);
    }

    @Test
    void aFlowThatBarelyMovesKeepsTheFloor() {
        Flow flow = new Flow(0.5, Duration.ofSeconds(3), 20, 4, 1000);
        flow.run(50, Duration.ofSeconds(300));

        assertThat(flow.limit.limit()).isEqualTo(4);
        assertThat(flow.completed).as("still admits and completes sagas").isGreaterThan(30);
    }

    @Test
    void aFastFlowStopsAtTheCeiling() {
        Flow flow = new Flow(5_000, Duration.ofMillis(20), 20, 4, 300);
        flow.run(10_000, Duration.ofSeconds(60));

        assertThat(flow.limit.limit()).isEqualTo(300);
    }

    @Test
    void theLimitDoesNotGrowWhileItIsNotUsed() {
        Flow flow = new Flow(90, Duration.ofMillis(100), 20, 4, 1000);
        flow.run(5, Duration.ofSeconds(60));

        assertThat(flow.limit.limit()).isEqualTo(20);
    }

    @Test
    void sagasNeverReportedFinishedStopHoldingPlacesAfterTheTimeout() {
        long[] now = {0};
        SagaLimit limit = new SagaLimit(new SagaLimit.Settings(TARGET, 4, 2, 10, Duration.ofSeconds(60)),
                () -> now[0]);
        assertThat(fill(limit)).hasSize(4);

        now[0] += Duration.ofSeconds(61).toNanos();
        assertThat(limit.expire()).isEqualTo(4);
        limit.adjust();

        assertThat(limit.inFlight()).isZero();
        assertThat(limit.limit()).as("their age counts as latency").isLessThan(4);
        assertThat(limit.tryReserve()).isTrue();
    }

    @Test
    void aStalledFlowHoldsItsLimitAndTakesOrdersAgainAtOnceWhenItMovesOn() {
        long[] now = {0};
        SagaLimit limit = new SagaLimit(new SagaLimit.Settings(TARGET, 20, 4, 100, Duration.ofSeconds(60)),
                () -> now[0]);
        List<UUID> inFlight = fill(limit);
        assertThat(inFlight).hasSize(20);
        assertThat(limit.stalled()).as("nothing late yet").isFalse();
        now[0] += Duration.ofMillis(250).toNanos();
        limit.adjust();

        // a participant is down for 30 s: nothing finishes, every saga in flight is late
        for (int tick = 0; tick < 120; tick++) {
            now[0] += Duration.ofMillis(250).toNanos();
            limit.adjust();
        }
        assertThat(limit.stalled()).isTrue();
        assertThat(limit.limit()).as("an outage says nothing about capacity").isEqualTo(20);
        assertThat(limit.tryReserve()).as("still bounded while stalled").isFalse();

        // it is back: the sagas held up finish, and their one late report shrinks the limit once, by a fifth at most
        inFlight.forEach(limit::finished);
        limit.adjust();
        assertThat(limit.stalled()).isFalse();
        assertThat(limit.limit()).isEqualTo(16);
        assertThat(limit.tryReserve()).isTrue();
    }

    @Test
    void aPartlyStalledFlowNeitherShrinksNorGrowsItsLimit() {
        long[] now = {0};
        SagaLimit limit = new SagaLimit(new SagaLimit.Settings(TARGET, 20, 4, 500, Duration.ofSeconds(60)),
                () -> now[0]);
        // shipping is down for 30 s: one order in five is declined and ends at once, the others wait for shipping
        List<UUID> waiting = new ArrayList<>();
        List<UUID> declined = new ArrayList<>();
        int admitted = 0;
        for (int tick = 0; tick < 120; tick++) {
            declined.forEach(limit::finished);
            declined.clear();
            while (limit.tryReserve()) {
                UUID saga = UUID.randomUUID();
                limit.started(saga);
                (admitted++ % 5 == 0 ? declined : waiting).add(saga);
            }
            now[0] += Duration.ofMillis(250).toNanos();
            limit.adjust();
        }
        assertThat(limit.limit()).as("the declined orders are fast, the waiting ones late: neither is capacity")
                .isBetween(20, 30);
        assertThat(limit.stalled()).isTrue();

        waiting.forEach(limit::finished);
        limit.adjust();
        assertThat(limit.limit()).as("the held-up sagas shrink it once, by a fifth at most").isGreaterThanOrEqualTo(16);
        assertThat(limit.tryReserve()).isTrue();
        assertThat(limit.stalled()).isFalse();
    }

    @Test
    void sagasThatFinishLateStillShrinkTheLimit() {
        long[] now = {0};
        SagaLimit limit = new SagaLimit(new SagaLimit.Settings(TARGET, 20, 4, 100, Duration.ofSeconds(60)),
                () -> now[0]);
        for (int round = 0; round < 5; round++) {
            List<UUID> admitted = fill(limit);
            now[0] += Duration.ofSeconds(3).toNanos();
            assertThat(limit.stalled()).isTrue();
            admitted.forEach(limit::finished);
            assertThat(limit.stalled()).as("a slow flow is not a stalled one").isFalse();
            limit.adjust();
        }
        assertThat(limit.limit()).isLessThan(10);
    }

    @Test
    void pausedSagasGiveTheirPlacesBackWithoutCountingAsLate() {
        long[] now = {0};
        SagaLimit limit = new SagaLimit(new SagaLimit.Settings(TARGET, 4, 2, 10, Duration.ofSeconds(60)),
                () -> now[0]);
        List<UUID> paused = fill(limit);
        now[0] += Duration.ofSeconds(3).toNanos();
        assertThat(limit.stalled()).as("held by the pause, they look late").isTrue();

        paused.forEach(limit::released);
        limit.adjust();

        assertThat(limit.stalled()).isFalse();
        assertThat(limit.inFlight()).isZero();
        assertThat(limit.limit()).as("a pause says nothing about how long sagas take").isEqualTo(4);
        assertThat(fill(limit)).hasSize(4);
        paused.forEach(limit::finished);
        assertThat(limit.inFlight()).as("an unpaused saga that finishes later is not counted again").isEqualTo(4);
    }

    @Test
    void aPlaceGivenBackOrReportedTwiceIsCountedOnce() {
        SagaLimit limit = new SagaLimit(new SagaLimit.Settings(TARGET, 2, 1, 10, Duration.ofSeconds(60)), () -> 0);
        UUID saga = UUID.randomUUID();
        assertThat(limit.tryReserve()).isTrue();
        limit.started(saga);
        assertThat(limit.tryReserve()).isTrue();
        limit.cancel();
        limit.finished(saga);
        limit.finished(saga);
        limit.finished(UUID.randomUUID());

        assertThat(limit.inUse()).isZero();
        assertThat(limit.tryReserve()).isTrue();
        assertThat(limit.tryReserve()).isTrue();
        assertThat(limit.tryReserve()).isFalse();
    }

    /** Admits sagas until the limit refuses one; returns them. */
    private static List<UUID> fill(SagaLimit limit) {
        List<UUID> admitted = new ArrayList<>();
        while (limit.tryReserve()) {
            UUID saga = UUID.randomUUID();
            limit.started(saga);
            admitted.add(saga);
        }
        return admitted;
    }
}
