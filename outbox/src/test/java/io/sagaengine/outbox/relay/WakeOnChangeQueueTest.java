package io.sagaengine.outbox.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WakeOnChangeQueueTest {

    @Test
    void aWaitingPollWakesWhenAChangeIsBufferedNotWhenItsTimeoutEnds() throws Exception {
        WakeOnChangeQueue<String> queue = new WakeOnChangeQueue<>();
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.awaitEvent(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        queue.enqueue("change-1");

        assertThat(woken.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWaitWithNothingBufferedEndsWithItsTimeout() throws Exception {
        assertThat(new WakeOnChangeQueue<String>().awaitEvent(Duration.ofMillis(1))).isFalse();
    }

    @Test
    void drainTakesWhatIsBufferedOldestFirstUpToTheBatchSize() {
        WakeOnChangeQueue<String> queue = new WakeOnChangeQueue<>();
        queue.enqueue("a");
        queue.enqueue("b");
        queue.enqueue("c");

        assertThat(queue.drain(2)).containsExactly("a", "b");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.poll()).isEqualTo("c");
        assertThat(queue.drain(10)).isEmpty();
    }

    @Test
    void aConfiguredQueueIsFoundByItsKeyUntilItIsClosed() {
        WakeOnChangeQueue<String> queue = new WakeOnChangeQueue<>();
        queue.configure(Map.of(WakeOnChangeQueue.KEY, "outbox-relay-orders-1"));

        assertThat(WakeOnChangeQueue.registered("outbox-relay-orders-1")).isSameAs(queue);
        assertThat(WakeOnChangeQueue.inUseBy("outbox-relay-orders")).isTrue();

        queue.close();
        assertThat(WakeOnChangeQueue.registered("outbox-relay-orders-1")).isNull();
    }

    @Test
    void closingAReplacedQueueLeavesItsSuccessorRegistered() {
        WakeOnChangeQueue<String> before = new WakeOnChangeQueue<>();
        WakeOnChangeQueue<String> after = new WakeOnChangeQueue<>();
        before.configure(Map.of(WakeOnChangeQueue.KEY, "outbox-relay-payment-1"));
        after.configure(Map.of(WakeOnChangeQueue.KEY, "outbox-relay-payment-1"));

        before.close();

        assertThat(WakeOnChangeQueue.registered("outbox-relay-payment-1")).isSameAs(after);
        after.close();
    }

    @Test
    void concurrentProducerAndDrainLoseNothingAndKeepOrder() throws Exception {
        WakeOnChangeQueue<Integer> queue = new WakeOnChangeQueue<>();
        int total = 20_000;
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                queue.enqueue(i);
            }
        });
        List<Integer> seen = new java.util.ArrayList<>();
        while (seen.size() < total) {
            if (queue.awaitEvent(Duration.ofSeconds(30))) {
                seen.addAll(queue.drain(64));
            }
        }
        producer.get(30, TimeUnit.SECONDS);

        assertThat(seen).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }
}
