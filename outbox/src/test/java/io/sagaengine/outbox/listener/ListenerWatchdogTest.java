package io.sagaengine.outbox.listener;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.OutboxProperties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog's decisions over time, with a container that will not start and a clock the test moves. */
class ListenerWatchdogTest {

    private final MovableClock clock = new MovableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ReadinessState> published = new ArrayList<>();
    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final ServiceReadiness readiness = new ServiceReadiness(event -> {
        if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState state) {
            published.add(state);
            availability.onApplicationEvent(change);
        }
    }, availability);
    private final InstanceIdentity identity = new InstanceIdentity(null, null, "svc", Duration.ofSeconds(10));
    private final StubContainer replies = new StubContainer();
    private final ListenerWatchdog watchdog = new ListenerWatchdog(() -> List.of(replies),
            new ListenerConsumers(OutboxProperties.Consumer.defaults(), identity, meters), identity, readiness,
            () -> null, meters, Duration.ofSeconds(1), Duration.ofSeconds(30), clock);

    @Test
    void aListenerThatWillNotStartIsRetriedWithADoublingBackOffAndTheInstanceIsNotReadyMeanwhile() {
        replies.running = true;
        watchdog.watch();
        watchdog.tick();
        assertThat(published).isEmpty();
        assertThat(consuming()).isEqualTo(1.0);

        replies.running = false;
        watchdog.onApplicationEvent(new ConsumerFailedToStartEvent(replies, replies));
        List<Integer> restartedAt = new ArrayList<>();
        for (int second = 0; second <= 70; second++) {
            int before = replies.starts;
            watchdog.tick();
            if (replies.starts > before) {
                restartedAt.add(second);
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(restartedAt).as("at once, then 1, 2, 4, 8, 16 s apart, then at most 30 s")
                .containsExactly(0, 1, 3, 7, 15, 31, 61);
        assertThat(published).containsExactly(ReadinessState.REFUSING_TRAFFIC);
        assertThat(readiness.refusalReasons()).singleElement().asString()
                .contains("Kafka listener replies (group orchestrator) is not consuming", "its consumer could not start");
        Health health = new ListenersHealthIndicator(watchdog).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("listeners").toString()).contains("consuming=false", "restarts=7");
        assertThat(consuming()).isZero();
        assertThat(meters.get("outbox.listener.restarts").tag("reason", "FAILED_TO_START").counter().count()).isEqualTo(1);

        replies.startWorks = true;
        clock.advance(Duration.ofSeconds(30));
        watchdog.tick();
        watchdog.tick();
        assertThat(published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(readiness.refusesWork()).isFalse();
        assertThat(new ListenersHealthIndicator(watchdog).health().getStatus()).isEqualTo(Status.UP);
        assertThat(consuming()).isEqualTo(1.0);
    }

    @Test
    void aRefusalThatApplicationStartUpOverwroteIsPublishedAgain() {
        replies.running = false;
        watchdog.watch();
        watchdog.tick();
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        clock.advance(Duration.ofMillis(500));
        watchdog.tick();

        assertThat(published).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC);
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }

    private double consuming() {
        return meters.get("outbox.listener.consuming").tag("listener", "replies").gauge().value();
    }

    private static final class StubContainer implements MessageListenerContainer {
        final ContainerProperties properties = new ContainerProperties("orders.replies");
        boolean running;
        boolean startWorks;
        int starts;

        @Override
        public void setupMessageListener(Object messageListener) {
        }

        @Override
        public Map<String, Map<MetricName, ? extends Metric>> metrics() {
            return Map.of();
        }

        @Override
        public ContainerProperties getContainerProperties() {
            return properties;
        }

        @Override
        public String getListenerId() {
            return "replies";
        }

        @Override
        public String getGroupId() {
            return "orchestrator";
        }

        @Override
        public boolean isInExpectedState() {
            return running;
        }

        @Override
        public void start() {
            starts++;
            running = startWorks;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
