package io.sagaengine.operations.monitoring;

import io.sagaengine.outbox.PeriodicTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.sagaengine.engine.SagaCensus;
import io.sagaengine.engine.SagaStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gauges of the sagas in flight, from aggregate queries every {@code interval} rather than on every scrape:
 * how many are in each state, how old the oldest of each state is, how many need attention and how many are paused
 * (per saga type); and, per saga type this instance's build does not define (during a rolling upgrade), its sagas in
 * flight and the replies held for them (a type that has neither shows no row).
 */
final class UnfinishedSagaGauges implements SmartLifecycle {

    static final String IN_FLIGHT = "saga.in.flight";
    static final String OLDEST_AGE = "saga.oldest.age";
    static final String PARKED = "saga.parked";
    static final String PAUSED = "saga.paused";
    static final String UNDEFINED_TYPES = "saga.types.undefined";
    static final String HELD_REPLIES = "saga.replies.held";

    private static final Logger log = LoggerFactory.getLogger(UnfinishedSagaGauges.class);

    private final SagaCensus census;
    private final Collection<String> sagaTypes;
    private final Duration interval;
    private final Clock clock;
    private final MultiGauge inFlight;
    private final MultiGauge oldestAge;
    private final MultiGauge parked;
    private final MultiGauge paused;
    private final MultiGauge undefinedTypes;
    private final MultiGauge heldReplies;
    private PeriodicTask scheduler;
    private volatile boolean running;

    UnfinishedSagaGauges(SagaCensus census, Collection<String> sagaTypes, MeterRegistry registry, Duration interval,
                         Clock clock) {
        this.census = census;
        this.sagaTypes = List.copyOf(sagaTypes);
        this.interval = interval;
        this.clock = clock;
        this.inFlight = MultiGauge.builder(IN_FLIGHT)
                .description("Sagas running, compensating or needing attention, by state").register(registry);
        this.oldestAge = MultiGauge.builder(OLDEST_AGE).baseUnit("seconds")
                .description("Seconds since the oldest saga in each state started").register(registry);
        this.parked = MultiGauge.builder(PARKED)
                .description("Sagas needing attention (parked) now").register(registry);
        this.paused = MultiGauge.builder(PAUSED)
                .description("Sagas paused now (by an operator, or a step whose retries ran out); they are counted "
                        + "in saga.in.flight too, at the state where they stopped").register(registry);
        this.undefinedTypes = MultiGauge.builder(UNDEFINED_TYPES)
                .description("Sagas in flight of a type this instance's build does not define; they move only where "
                        + "an instance whose build defines it runs").register(registry);
        this.heldReplies = MultiGauge.builder(HELD_REPLIES)
                .description("Replies held for sagas of a type this instance's build does not define, until an "
                        + "instance whose build defines it applies them").register(registry);
    }

    /** Reads the census and replaces the gauges' rows; a failed read keeps the last values. */
    void refresh() {
        refreshUnfinished();
        refreshUndefinedTypes();
    }

    private void refreshUndefinedTypes() {
        List<SagaCensus.UndefinedType> types;
        try {
            types = census.undefinedTypes();
        } catch (RuntimeException e) {
            log.warn("Counting sagas of types not defined here failed; their gauges keep their last values", e);
            return;
        }
        undefinedTypes.register(types.stream().<MultiGauge.Row<?>>map(t ->
                MultiGauge.Row.of(Tags.of("saga", t.type()), t.inFlight())).toList(), true);
        heldReplies.register(types.stream().<MultiGauge.Row<?>>map(t ->
                MultiGauge.Row.of(Tags.of("saga", t.type()), t.heldReplies())).toList(), true);
    }

    private void refreshUnfinished() {
        List<SagaCensus.Group> groups;
        try {
            groups = census.unfinished();
        } catch (RuntimeException e) {
            log.warn("Counting unfinished sagas failed; the saga gauges keep their last values", e);
            return;
        }
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        Map<String, Long> parkedByType = new LinkedHashMap<>();
        Map<String, Long> pausedByType = new LinkedHashMap<>();
        sagaTypes.forEach(type -> {
            parkedByType.put(type, 0L);
            pausedByType.put(type, 0L);
        });
        for (SagaCensus.Group group : groups) {
            Tags tags = Tags.of("saga", group.type(), "status", group.status().name(), "state", group.state());
            counts.add(MultiGauge.Row.of(tags, group.count()));
            Instant oldest = group.oldestStartedAt();
            ages.add(MultiGauge.Row.of(tags, () -> secondsSince(oldest)));
            if (group.status() == SagaStatus.NEEDS_ATTENTION) {
                parkedByType.merge(group.type(), group.count(), Long::sum);
            }
            pausedByType.merge(group.type(), group.paused(), Long::sum);
        }
        inFlight.register(counts, true);
        oldestAge.register(ages, true);
        parked.register(byType(parkedByType), true);
        paused.register(byType(pausedByType), true);
    }

    private static List<MultiGauge.Row<?>> byType(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("saga", e.getKey()), e.getValue()))
                .toList();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // a failure must not end the schedule
            log.warn("Refreshing the saga gauges failed", e);
        }
    }

    private double secondsSince(Instant instant) {
        return Math.max(0, Duration.between(instant, clock.instant()).toMillis() / 1000.0);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        scheduler = PeriodicTask.start("saga-census", Duration.ZERO, interval, this::refreshQuietly);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.stopNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
