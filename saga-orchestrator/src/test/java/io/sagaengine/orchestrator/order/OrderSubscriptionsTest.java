package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrderSubscriptionsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeOrders orders = new FakeOrders();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private OrderVersions versions;
    private OrderSubscriptions subscriptions;

    /** Records what a transport would send. */
    static final class Recorder implements OrderSubscriptions.Subscriber {
        final List<Long> sent = new CopyOnWriteArrayList<>();
        final List<String> json = new CopyOnWriteArrayList<>();
        final AtomicReference<OrderSubscriptions.Ending> ending = new AtomicReference<>();
        final AtomicInteger heartbeats = new AtomicInteger();
        volatile boolean failing;

        @Override
        public void send(OrderSubscriptions.Update update) throws IOException {
            if (failing) {
                throw new IOException("Broken pipe");
            }
            sent.add(update.version());
            json.add(update.json());
        }

        @Override
        public void heartbeat() throws IOException {
            if (failing) {
                throw new IOException("Broken pipe");
            }
            heartbeats.incrementAndGet();
        }

        @Override
        public void ended(OrderSubscriptions.Ending why) {
            assertThat(ending.getAndSet(why)).as("ended once").isNull();
        }
    }

    @BeforeEach
    void start() {
        start(2, Duration.ofHours(1));
    }

    private void start(int maxConnections, Duration heartbeat) {
        OrderApiProperties api = new OrderApiProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(30),
                Duration.ofHours(1), 10, 1000);
        versions = new OrderVersions(orders, api, registry);
        subscriptions = new OrderSubscriptions(versions, api, new OrderPushProperties(maxConnections, heartbeat), JSON,
                new SimpleMeterRegistry());
        subscriptions.start();
    }

    @AfterEach
    void stop() {
        subscriptions.stop();
    }

    @Test
    void sendsTheCurrentStatusThenEachChangeAndEndsAfterTheFinalOne() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder app = new Recorder();

        assertThat(subscriptions.subscribe(id, OptionalLong.empty(), app))
                .isInstanceOf(OrderSubscriptions.Opening.Open.class);
        assertThat(app.sent).containsExactly(1L);
        assertThat(JSON.readTree(app.json.get(0)).get("status").asString()).isEqualTo("PENDING");
        assertThat(JSON.readTree(app.json.get(0)).get("version").asLong()).isEqualTo(1);

        orders.store(id, 2);
        subscriptions.changed(OrderChange.unknown(id));

        await().until(() -> app.ending.get() != null);
        assertThat(app.sent).containsExactly(1L, 2L);
        assertThat(JSON.readTree(app.json.get(1)).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(app.ending.get()).isEqualTo(OrderSubscriptions.Ending.SETTLED);
        assertThat(subscriptions.subscriberCount()).isZero();
    }

    @Test
    void aFinalStatusAChangeDeliversWhileTheSubscriptionIsReadIsNotTakenForOneTheClientHad() {
        UUID id = orders.store(UUID.randomUUID(), 2);
        Recorder app = new Recorder();
        // the change's notification is handled between the subscription's registration and its own read
        orders.beforeNextFind.set(() -> {
            subscriptions.changed(OrderChange.unknown(id));
            await().until(() -> app.ending.get() != null);
        });

        OrderSubscriptions.Opening opening = subscriptions.subscribe(id, OptionalLong.empty(), app);

        assertThat(opening).as("the final status was sent: the transport answers with it, not with 204")
                .isInstanceOf(OrderSubscriptions.Opening.Open.class);
        assertThat(app.sent).containsExactly(2L);
        assertThat(app.ending.get()).isEqualTo(OrderSubscriptions.Ending.SETTLED);
        assertThat(subscriptions.subscriberCount()).isZero();
    }

    @Test
    void anOlderVersionIsNeverSentAfterANewerOne() {
        UUID id = UUID.randomUUID();
        store(id, 1, OrderStatus.PENDING);
        Recorder app = new Recorder();
        subscriptions.subscribe(id, OptionalLong.empty(), app);
        store(id, 3, OrderStatus.PENDING);
        subscriptions.changed(OrderChange.unknown(id));
        await().until(() -> app.sent.size() == 2);

        // a read that raced with the change saw the version before it
        store(id, 2, OrderStatus.PENDING);
        int reads = orders.reads();
        subscriptions.changed(OrderChange.unknown(id));
        await().until(() -> orders.reads() > reads);
        store(id, 4, OrderStatus.CANCELLED);
        subscriptions.changed(OrderChange.unknown(id));

        await().until(() -> app.ending.get() != null);
        assertThat(app.sent).containsExactly(1L, 3L, 4L);
    }

    @Test
    void aLastEventIdAtTheCurrentVersionGetsNothingUntilTheNextChange() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder app = new Recorder();

        assertThat(subscriptions.subscribe(id, OptionalLong.of(1), app))
                .isInstanceOf(OrderSubscriptions.Opening.Open.class);
        assertThat(app.sent).isEmpty();

        orders.store(id, 2);
        subscriptions.changed(OrderChange.to(id, 2));
        await().until(() -> app.ending.get() != null);
        assertThat(app.sent).containsExactly(2L);
    }

    @Test
    void theFinalVersionSeenAlreadyIsNotASubscription() {
        UUID id = orders.store(UUID.randomUUID(), 2);

        assertThat(subscriptions.subscribe(id, OptionalLong.of(2), new Recorder()))
                .isInstanceOf(OrderSubscriptions.Opening.SeenSettled.class);
        // an older version seen: the final status, then the end
        Recorder app = new Recorder();
        subscriptions.subscribe(id, OptionalLong.of(1), app);
        assertThat(app.sent).containsExactly(2L);
        assertThat(app.ending.get()).isEqualTo(OrderSubscriptions.Ending.SETTLED);
        assertThat(subscriptions.subscriberCount()).isZero();
    }

    @Test
    void aVersionTheOrderNeverHadIsIgnored() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder app = new Recorder();

        subscriptions.subscribe(id, OptionalLong.of(7), app);

        assertThat(app.sent).containsExactly(1L);
    }

    @Test
    void anUnknownOrderIsNoSubscription() {
        assertThat(subscriptions.subscribe(UUID.randomUUID(), OptionalLong.empty(), new Recorder()))
                .isInstanceOf(OrderSubscriptions.Opening.NoSuchOrder.class);
        assertThat(subscriptions.subscriberCount()).isZero();
    }

    @Test
    void anOrderDeletedWhileSubscribedEndsItsSubscriptions() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder app = new Recorder();
        subscriptions.subscribe(id, OptionalLong.empty(), app);

        orders.table.remove(id);
        subscriptions.changed(OrderChange.unknown(id));

        await().until(() -> app.ending.get() != null);
        assertThat(app.ending.get()).isEqualTo(OrderSubscriptions.Ending.NO_SUCH_ORDER);
        assertThat(subscriptions.subscriberCount()).isZero();
    }

    @Test
    void beyondTheCapSubscriptionsAreRefusedUntilOneEnds() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        OrderSubscriptions.Opening first = subscriptions.subscribe(id, OptionalLong.empty(), new Recorder());
        subscriptions.subscribe(id, OptionalLong.empty(), new Recorder());

        assertThat(subscriptions.subscribe(id, OptionalLong.empty(), new Recorder()))
                .isInstanceOf(OrderSubscriptions.Opening.Full.class);
        assertThat(subscriptions.subscriberCount()).isEqualTo(2);

        ((OrderSubscriptions.Opening.Open) first).subscription().cancel();
        ((OrderSubscriptions.Opening.Open) first).subscription().cancel();
        assertThat(subscriptions.subscriberCount()).isEqualTo(1);
        assertThat(subscriptions.subscribe(id, OptionalLong.empty(), new Recorder()))
                .isInstanceOf(OrderSubscriptions.Opening.Open.class);
    }

    @Test
    void oneReadPerChangeForAllSubscribersAndNoneForAChangeEveryoneHasSeen() {
        versions.listening();
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder one = new Recorder();
        Recorder two = new Recorder();
        subscriptions.subscribe(id, OptionalLong.empty(), one);
        subscriptions.subscribe(id, OptionalLong.empty(), two);
        int reads = orders.reads();

        subscriptions.changed(OrderChange.to(id, 1));
        orders.store(id, 2);
        subscriptions.changed(OrderChange.to(id, 2));

        await().until(() -> one.ending.get() != null && two.ending.get() != null);
        assertThat(orders.reads()).isEqualTo(reads + 1);
        assertThat(one.sent).containsExactly(1L, 2L);
        assertThat(two.sent).containsExactly(1L, 2L);
    }

    @Test
    void theRecheckFindsAChangeThatWasNotAnnounced() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder app = new Recorder();
        subscriptions.subscribe(id, OptionalLong.empty(), app);
        orders.store(id, 2);

        subscriptions.recheckAll();

        await().until(() -> app.ending.get() != null);
        assertThat(app.sent).containsExactly(1L, 2L);
    }

    @Test
    void aFailedSendEndsTheSubscription() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder app = new Recorder();
        subscriptions.subscribe(id, OptionalLong.empty(), app);

        app.failing = true;
        orders.store(id, 2);
        subscriptions.changed(OrderChange.unknown(id));

        await().until(() -> app.ending.get() != null);
        assertThat(app.ending.get()).isEqualTo(OrderSubscriptions.Ending.FAILED);
        assertThat(subscriptions.subscriberCount()).isZero();
    }

    @Test
    void heartbeatsReachIdleSubscribersAndFindTheOnesThatWentAway() {
        subscriptions.stop();
        start(10, Duration.ofMillis(50));
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder alive = new Recorder();
        Recorder gone = new Recorder();
        subscriptions.subscribe(id, OptionalLong.empty(), alive);
        subscriptions.subscribe(id, OptionalLong.empty(), gone);

        gone.failing = true;

        await().until(() -> alive.heartbeats.get() >= 2 && gone.ending.get() != null);
        assertThat(gone.ending.get()).isEqualTo(OrderSubscriptions.Ending.FAILED);
        assertThat(alive.ending.get()).isNull();
        assertThat(subscriptions.subscriberCount()).isEqualTo(1);
    }

    @Test
    void stoppingEndsEverySubscriptionAsGoingAwayAndTakesNoMore() {
        UUID id = orders.store(UUID.randomUUID(), 1);
        Recorder app = new Recorder();
        subscriptions.subscribe(id, OptionalLong.empty(), app);

        subscriptions.stop();

        assertThat(app.ending.get()).isEqualTo(OrderSubscriptions.Ending.GOING_AWAY);
        assertThat(subscriptions.subscriberCount()).isZero();
        assertThat(subscriptions.subscribe(id, OptionalLong.empty(), new Recorder()))
                .isInstanceOf(OrderSubscriptions.Opening.Stopping.class);
    }

    @Test
    void theDefaultCapIsAShareOfTheHeap() {
        assertThat(OrderSubscriptions.derivedCapacity(512L * 1024 * 1024)).isEqualTo(1872);
        assertThat(OrderSubscriptions.derivedCapacity(2048L * 1024 * 1024)).isEqualTo(7489);
        assertThat(OrderSubscriptions.derivedCapacity(0)).isEqualTo(1);
    }

    private void store(UUID id, long version, OrderStatus status) {
        Instant now = Instant.now();
        orders.table.put(id, new StoredOrder(id, UUID.randomUUID(), status, null, new BigDecimal("1.00"), "EUR", null,
                null, null, version, now, now));
    }
}
