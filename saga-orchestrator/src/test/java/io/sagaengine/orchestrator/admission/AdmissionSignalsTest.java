package io.sagaengine.orchestrator.admission;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each hard signal refuses orders at once, whatever the limit, and lets them in again when it clears. */
class AdmissionSignalsTest {

    private final AtomicLong replyLag = new AtomicLong();
    private final AtomicInteger poolWaiters = new AtomicInteger();
    private final AtomicReference<Double> heap = new AtomicReference<>(0.3);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AdmissionProperties properties = TestAdmission.properties(true, 1000, 4, 0.85);
    private final OverloadSignals signals = new OverloadSignals(replyLag::get, poolWaiters::get, heap::get, properties);
    private final SagaLimit limit = new SagaLimit(properties.limit(), System::nanoTime);
    private final OrderAdmission admission = new OrderAdmission(limit, signals,
            new OrderAdmission.ConnectionShare(1, Duration.ZERO), properties, meters, () -> 0.5);

    @Test
    void aReplyListenerBehindRefusesOrders() {
        replyLag.set(1001);
        assertRefusedFor("reply-lag");
        replyLag.set(1000);
        assertAdmitted();
    }

    @Test
    void threadsWaitingForConnectionsRefuseOrders() {
        poolWaiters.set(5);
        assertRefusedFor("pool-wait");
        poolWaiters.set(4);
        assertAdmitted();
    }

    @Test
    void aFullHeapAfterCollectionRefusesOrders() {
        heap.set(0.9);
        assertRefusedFor("heap");
        heap.set(0.8);
        assertAdmitted();
    }

    @Test
    void theLimitRefusesOnceReachedAndAdmitsAgainWhenASagaFinishes() {
        UUID[] sagas = new UUID[properties.initialLimit()];
        for (int i = 0; i < sagas.length; i++) {
            try (OrderAdmission.Ticket ticket = admission.admit()) {
                sagas[i] = UUID.randomUUID();
                ticket.started(sagas[i]);
            }
        }
        assertRefusedFor("limit");

        limit.finished(sagas[0]);
        assertAdmitted();
    }

    @Test
    void ordersRefusedWhileTheSagasInFlightStopFinishingSayWhy() {
        long[] now = {0};
        SagaLimit clocked = new SagaLimit(properties.limit(), () -> now[0]);
        OrderAdmission stalling = new OrderAdmission(clocked, signals, new OrderAdmission.ConnectionShare(1,
                Duration.ZERO), properties, meters, () -> 0.5);
        for (int i = 0; i < properties.initialLimit(); i++) {
            try (OrderAdmission.Ticket ticket = stalling.admit()) {
                ticket.started(UUID.randomUUID());
            }
        }
        assertThatThrownBy(stalling::admit).isInstanceOfSatisfying(AdmissionRefused.class,
                refused -> assertThat(refused.reason()).isEqualTo("limit"));

        now[0] += Duration.ofSeconds(3).toNanos();
        assertThatThrownBy(stalling::admit).isInstanceOfSatisfying(AdmissionRefused.class,
                refused -> assertThat(refused.reason()).isEqualTo("stalled"));
        assertThat(meters.counter("orders.admission.refused", "reason", "stalled").count()).isEqualTo(1);
    }

    @Test
    void aPlacementWithoutAConnectionOfTheOrderApisShareIsRefused() {
        try (OrderAdmission.Ticket outer = admission.admit()) {
            outer.withConnection(() -> {
                try (OrderAdmission.Ticket inner = admission.admit()) {
                    assertThatThrownBy(() -> inner.withConnection(() -> "placed"))
                            .isInstanceOfSatisfying(AdmissionRefused.class,
                                    refused -> assertThat(refused.reason()).isEqualTo("pool"));
                }
                return null;
            });
        }
        assertThat(meters.counter("orders.admission.refused", "reason", "pool").count()).isEqualTo(1);
        assertThat(limit.inUse()).as("refused placements give their places back").isZero();
    }

    @Test
    void switchedOffAdmitsWhateverTheSignalsSay() {
        AdmissionProperties off = TestAdmission.properties(false, 1000, 4, 0.85);
        OverloadSignals overloaded = new OverloadSignals(() -> 5000, () -> 50, () -> 0.99, off);
        overloaded.sample();
        OrderAdmission admitsAll = new OrderAdmission(new SagaLimit(off.limit(), System::nanoTime), overloaded,
                new OrderAdmission.ConnectionShare(1, Duration.ZERO), off, meters, () -> 0.5);

        try (OrderAdmission.Ticket ticket = admitsAll.admit()) {
            assertThat(ticket.withConnection(() -> "placed")).isEqualTo("placed");
        }
    }

    private void assertRefusedFor(String reason) {
        signals.sample();
        double before = meters.counter("orders.admission.refused", "reason", reason).count();
        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(AdmissionRefused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.getStatusCode().value()).isEqualTo(503);
            assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        });
        assertThat(meters.counter("orders.admission.refused", "reason", reason).count()).isEqualTo(before + 1);
    }

    private void assertAdmitted() {
        signals.sample();
        try (OrderAdmission.Ticket ticket = admission.admit()) {
            assertThat(ticket).isNotNull();
        }
    }
}
