package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrderVersionsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Runs in the middle of the next read, as a notification would that arrives while the read is on its way. */
    private Runnable duringRead = () -> { };
    private final FakeOrders orders = new FakeOrders() {
        @Override
        Optional<StoredOrder> find(UUID id) {
            Optional<StoredOrder> found = super.find(id);
            Runnable action = duringRead;
            duringRead = () -> { };
            action.run();
            return found;
        }
    };
    private final OrderVersions versions = versions(1000);

    @Test
    void whileListeningAReadOrderIsKnownWithoutAnotherRead() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);

        versions.read(id);

        assertThat(versions.current(id)).hasValue(1);
        assertThat(orders.reads()).isEqualTo(1);
        assertThat(registry.get("orders.status.reads").tag("source", "database").counter().count()).isEqualTo(1);
    }

    @Test
    void aNotificationAdvancesTheVersion() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        versions.read(id);

        versions.changed(OrderChange.to(id, 2));

        assertThat(versions.current(id)).hasValue(2);
    }

    @Test
    void nothingIsKnownWhileNotListening() {
        UUID id = orders.store(UUID.randomUUID(), 1);

        versions.read(id);
        versions.changed(OrderChange.to(id, 1));

        assertThat(versions.current(id)).isEmpty();
    }

    @Test
    void noStaleVersionAfterANotificationMissedWhileNotListening() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        versions.read(id);

        versions.notListening();
        orders.store(id, 2);
        versions.listening();

        assertThat(versions.current(id)).isEmpty();
        assertThat(versions.read(id).orElseThrow().version()).isEqualTo(2);
        assertThat(versions.current(id)).hasValue(2);
    }

    @Test
    void aReadDuringWhichTheListenerDroppedIsNotRecorded() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        duringRead = () -> {
            versions.notListening();
            versions.listening();
        };

        versions.read(id);

        assertThat(versions.current(id)).isEmpty();
    }

    @Test
    void aReadDuringWhichAChangeOfUnknownVersionWasAnnouncedIsNotRecorded() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        duringRead = () -> versions.changed(OrderChange.unknown(id));

        versions.read(id);

        assertThat(versions.current(id)).isEmpty();
    }

    @Test
    void aReadThatSawAnOlderVersionThanANotificationKeepsTheNewer() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        duringRead = () -> versions.changed(OrderChange.to(id, 2));

        versions.read(id);

        assertThat(versions.current(id)).hasValue(2);
    }

    @Test
    void aReadDuringWhichANewerVersionWasLearntAndEvictedIsNotRecorded() {
        OrderVersions small = versions(1);
        small.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        duringRead = () -> {
            small.changed(OrderChange.to(id, 2));
            small.changed(OrderChange.to(UUID.randomUUID(), 2));
        };

        small.read(id);

        assertThat(small.current(id)).isEmpty();
    }

    @Test
    void aPurgedOrderIsForgotten() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 2);
        versions.read(id);

        versions.changed(OrderChange.unknown(id));

        assertThat(versions.current(id)).isEmpty();
    }

    @Test
    void beyondItsSizeSettledOrdersGoFirstThenTheOldest() {
        OrderVersions small = versions(2);
        small.listening();
        UUID pending = orders.store(UUID.randomUUID(), 1);
        UUID settled = orders.store(UUID.randomUUID(), 2);
        small.read(pending);
        small.read(settled);

        UUID newer = orders.store(UUID.randomUUID(), 1);
        small.read(newer);

        assertThat(small.current(settled)).isEmpty();
        assertThat(small.current(pending)).hasValue(1);
        assertThat(small.current(newer)).hasValue(1);
        UUID newest = orders.store(UUID.randomUUID(), 1);
        small.read(newest);
        assertThat(small.current(pending)).isEmpty();
        assertThat(small.size()).isEqualTo(2);
    }

    @Test
    void aPlacedOrderIsKnownOnceItsTransactionBeganWhileListening() {
        UUID before = UUID.randomUUID();
        long notListening = versions.start();
        versions.listening();
        versions.record(before, 1, false, notListening);
        assertThat(versions.current(before)).isEmpty();

        UUID placed = UUID.randomUUID();
        versions.record(placed, 1, false, versions.start());
        assertThat(versions.current(placed)).hasValue(1);
    }

    @Test
    void versionsReadTogetherAreRecorded() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 3);

        Map<UUID, Long> read = versions.readVersions(java.util.List.of(id, UUID.randomUUID()));

        assertThat(read).containsExactly(Map.entry(id, 3L));
        assertThat(versions.current(id)).isEqualTo(OptionalLong.of(3));
    }

    private OrderVersions versions(int size) {
        return new OrderVersions(orders, new OrderApiProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(30),
                Duration.ofSeconds(2), 0, size), registry);
    }
}
