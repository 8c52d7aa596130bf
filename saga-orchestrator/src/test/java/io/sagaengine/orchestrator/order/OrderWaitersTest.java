package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OrderWaitersTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeOrders orders = new FakeOrders();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private OrderVersions versions;
    private OrderWaiters waiters;

    @BeforeEach
    void start() {
        OrderApiProperties properties = new OrderApiProperties(DataSize.ofKilobytes(64), LONG, Duration.ofHours(1), 2,
                1000);
        versions = new OrderVersions(orders, properties, registry);
        waiters = new OrderWaiters(versions, properties, registry);
        waiters.start();
    }

    @AfterEach
    void stop() {
        waiters.stop();
    }

    @Test
    void aChangeCompletesTheWaitersThatHaveNotSeenIt() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, LONG);

        waiters.changed(OrderChange.unknown(id));
        assertThat(waiting).isNotDone();

        orders.store(id, 2);
        waiters.changed(OrderChange.unknown(id));
        assertThat(waiting).isCompletedWithValueMatching(o -> latestVersion(o) == 2);
        assertThat(waiters.waiterCount()).isZero();
    }

    @Test
    void aChangeBeforeTheWaiterRegisteredIsNotMissed() {
        UUID id = orders.store(UUID.randomUUID(), 2);

        assertThat(waiters.awaitChange(id, 1, LONG)).isCompletedWithValueMatching(o -> latestVersion(o) == 2);
    }

    @Test
    void aChangeAnnouncedBeforeTheWaiterRegisteredIsNotMissedWhileListening() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        versions.read(id);
        orders.store(id, 2);
        versions.changed(OrderChange.to(id, 2));
        // nobody waited yet: the waiter registers on the version the client saw
        waiters.changed(OrderChange.to(id, 2));

        assertThat(waiters.awaitChange(id, 1, LONG)).isCompletedWithValueMatching(o -> latestVersion(o) == 2);
    }

    @Test
    void theDeadlineAnswersWithTheUnchangedOrder() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, Duration.ofMillis(200));

        await().atMost(5, TimeUnit.SECONDS).until(waiting::isDone);
        assertThat(latestVersion(waiting.join())).isEqualTo(1);
        assertThat(waiters.waiterCount()).isZero();
    }

    @Test
    void whileListeningALongPollOnTheKnownVersionStartsAndTimesOutWithoutARead() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        versions.read(id);
        int reads = orders.reads();

        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, Duration.ofMillis(200));

        await().atMost(5, TimeUnit.SECONDS).until(waiting::isDone);
        assertThat(waiting.join()).isInstanceOf(OrderWaiters.Outcome.Unchanged.class);
        assertThat(orders.reads()).isEqualTo(reads);
    }

    @Test
    void aNotificationWithANewerVersionCompletesTheWaitWithOneRead() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        versions.read(id);
        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, LONG);
        // announced again, same version: a notification of this instance's own placement, say
        versions.changed(OrderChange.to(id, 1));
        waiters.changed(OrderChange.to(id, 1));
        assertThat(waiting).isNotDone();
        int reads = orders.reads();

        orders.store(id, 2);
        versions.changed(OrderChange.to(id, 2));
        waiters.changed(OrderChange.to(id, 2));

        assertThat(waiting).isCompletedWithValueMatching(o -> latestVersion(o) == 2);
        assertThat(orders.reads()).isEqualTo(reads + 1);
    }

    @Test
    void afterTheListenerDroppedATimedOutLongPollReadsTheOrder() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        versions.read(id);
        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, Duration.ofMillis(300));

        versions.notListening();
        // the change committed while nobody listened: no notification will ever come
        orders.store(id, 2);

        await().atMost(5, TimeUnit.SECONDS).until(waiting::isDone);
        assertThat(latestVersion(waiting.join())).isEqualTo(2);
    }

    @Test
    void theRecheckFindsChangesNobodyAnnounced() {
        UUID changed = orders.store(UUID.randomUUID(), 1);
        UUID unchanged = orders.store(UUID.randomUUID(), 1);
        CompletableFuture<OrderWaiters.Outcome> first = waiters.awaitChange(changed, 1, LONG);
        CompletableFuture<OrderWaiters.Outcome> second = waiters.awaitChange(unchanged, 1, LONG);

        orders.store(changed, 2);
        waiters.recheckAll();

        assertThat(first).isCompletedWithValueMatching(o -> latestVersion(o) == 2);
        assertThat(second).isNotDone();
    }

    @Test
    void theOrderGoneEndsTheWait() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, LONG);

        orders.table.remove(id);
        waiters.changed(OrderChange.unknown(id));

        assertThat(waiting).isCompletedWithValueMatching(o -> o instanceof OrderWaiters.Outcome.Gone);
    }

    @Test
    void aCancelledWaitIsForgotten() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, LONG);
        assertThat(waiters.waiterCount()).isEqualTo(1);

        waiting.cancel(false);

        assertThat(waiters.waiterCount()).isZero();
    }

    @Test
    void beyondTheLimitALongPollIsRefusedWithRetryAfterNotAnsweredAtOnce() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        waiters.awaitChange(id, 1, LONG);
        waiters.awaitChange(id, 1, LONG);

        assertThatThrownBy(() -> waiters.awaitChange(id, 1, LONG))
                .isInstanceOfSatisfying(ErrorResponseException.class, problem -> {
                    assertThat(problem.getStatusCode().value()).isEqualTo(503);
                    assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("5");
                });
        assertThat(waiters.waiterCount()).isEqualTo(2);
        assertThat(registry.get("orders.long.polls.refused").counter().count()).isEqualTo(1);
        assertThat(registry.get("orders.long.polls.waiting").gauge().value()).isEqualTo(2);
        assertThat(registry.get("orders.long.polls.capacity").gauge().value()).isEqualTo(2);
    }

    @Test
    void withoutAnExplicitLimitTheCapIsATenthOfTheHeapAtSixteenKibibytesEach() {
        assertThat(OrderWaiters.derivedCapacity(512L * 1024 * 1024)).isEqualTo(3276);
        assertThat(OrderWaiters.derivedCapacity(4L * 1024 * 1024 * 1024)).isEqualTo(26214);
        assertThat(OrderWaiters.derivedCapacity(1024)).isEqualTo(1);
        OrderApiProperties derived = new OrderApiProperties(DataSize.ofKilobytes(64), LONG, LONG, 0, 10);
        assertThat(new OrderWaiters(versions, derived, new SimpleMeterRegistry()).capacity())
                .isEqualTo(OrderWaiters.derivedCapacity(Runtime.getRuntime().maxMemory()));
    }

    @Test
    void stoppingAnswersEveryWaiter() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        CompletableFuture<OrderWaiters.Outcome> waiting = waiters.awaitChange(id, 1, LONG);

        waiters.stop();

        assertThat(waiting).isCompletedWithValueMatching(o -> latestVersion(o) == 1);
        assertThat(waiters.isRunning()).isFalse();
    }

    private static long latestVersion(OrderWaiters.Outcome outcome) {
        return ((OrderWaiters.Outcome.Latest) outcome).order().version();
    }
}
