package io.sagaengine.orchestrator.order;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class OrderWaitersTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final Map<UUID, StoredOrder> table = new ConcurrentHashMap<>();
    private final OrderRepository repository = mock(OrderRepository.class);
    private OrderWaiters waiters;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void start() {
        when(repository.find(any())).thenAnswer(call -> Optional.ofNullable(table.get(call.<UUID>getArgument(0))));
        when(repository.versions(any())).thenAnswer(call -> call.<Collection<UUID>>getArgument(0).stream()
                .filter(table::containsKey)
                .collect(Collectors.toMap(id -> id, id -> table.get(id).version())));
        waiters = new OrderWaiters(repository, new OrderApiProperties(DataSize.ofKilobytes(64), LONG,
                Duration.ofHours(1), 2));
        waiters.start();
    }

    @AfterEach
    void stop() {
        waiters.stop();
    }

    @Test
    void aChangeCompletesTheWaitersThatHaveNotSeenIt() {
        UUID id = store(UUID.randomUUID(), 1);
        CompletableFuture<Optional<StoredOrder>> waiting = waiters.awaitChange(id, 1, LONG);

        waiters.changed(id);
        assertThat(waiting).isNotDone();

        store(id, 2);
        waiters.changed(id);
        assertThat(waiting).isCompletedWithValueMatching(o -> o.orElseThrow().version() == 2);
        assertThat(waiters.waiterCount()).isZero();
    }

    @Test
    void aChangeBeforeTheWaiterRegisteredIsNotMissed() {
        UUID id = store(UUID.randomUUID(), 2);

        assertThat(waiters.awaitChange(id, 1, LONG)).isCompletedWithValueMatching(o -> o.orElseThrow().version() == 2);
    }

    @Test
    void theDeadlineAnswersWithTheUnchangedOrder() {
        UUID id = store(UUID.randomUUID(), 1);
        CompletableFuture<Optional<StoredOrder>> waiting = waiters.awaitChange(id, 1, Duration.ofMillis(200));

        await().atMost(5, TimeUnit.SECONDS).until(waiting::isDone);
        assertThat(waiting.join().orElseThrow().version()).isEqualTo(1);
        assertThat(waiters.waiterCount()).isZero();
    }

    @Test
    void theRecheckFindsChangesNobodyAnnounced() {
        UUID changed = store(UUID.randomUUID(), 1);
        UUID unchanged = store(UUID.randomUUID(), 1);
        CompletableFuture<Optional<StoredOrder>> first = waiters.awaitChange(changed, 1, LONG);
        CompletableFuture<Optional<StoredOrder>> second = waiters.awaitChange(unchanged, 1, LONG);

        store(changed, 2);
        waiters.recheckAll();

        assertThat(first).isCompletedWithValueMatching(o -> o.orElseThrow().version() == 2);
        assertThat(second).isNotDone();
    }

    @Test
    void aCancelledWaitIsForgotten() {
        UUID id = store(UUID.randomUUID(), 1);
        CompletableFuture<Optional<StoredOrder>> waiting = waiters.awaitChange(id, 1, LONG);
        assertThat(waiters.waiterCount()).isEqualTo(1);

        waiting.cancel(false);

        assertThat(waiters.waiterCount()).isZero();
    }

    @Test
    void beyondTheLimitTheAnswerComesAtOnce() {
        UUID id = store(UUID.randomUUID(), 1);
        waiters.awaitChange(id, 1, LONG);
        waiters.awaitChange(id, 1, LONG);

        CompletableFuture<Optional<StoredOrder>> third = waiters.awaitChange(id, 1, LONG);

        assertThat(third).isCompletedWithValueMatching(o -> o.orElseThrow().version() == 1);
        assertThat(waiters.waiterCount()).isEqualTo(2);
    }

    @Test
    void stoppingAnswersEveryWaiter() {
        UUID id = store(UUID.randomUUID(), 1);
        CompletableFuture<Optional<StoredOrder>> waiting = waiters.awaitChange(id, 1, LONG);

        waiters.stop();

        assertThat(waiting).isCompletedWithValueMatching(o -> o.orElseThrow().version() == 1);
        assertThat(waiters.isRunning()).isFalse();
    }

    private UUID store(UUID id, long version) {
        Instant now = Instant.now();
        table.put(id, new StoredOrder(id, UUID.randomUUID(), OrderStatus.PENDING, null, new BigDecimal("1.00"), "EUR",
                null, null, null, version, now, now));
        return id;
    }
}
