package io.sagaengine.operations.deadletter;

import io.sagaengine.outbox.PeriodicTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The gauge {@code saga.dead.letters} [saga_dead_letters], tagged {@code topic}: records of each dead-letter topic
 * never re-driven. Counted on a thread of its own every {@code interval}, never on a scrape or a request; while
 * Kafka or the database does not answer, the gauges keep their last values (NaN before the first count). Kafka
 * being away here never touches the service's health.
 */
final class DeadLetterGauges implements SmartLifecycle {

    static final String NAME = "saga.dead.letters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterGauges.class);

    private final ToLongFunction<String> depths;
    private final List<String> topics;
    private final Duration interval;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private PeriodicTask scheduler;
    private volatile boolean running;

    /** @param depths the records of a topic never re-driven; throws when it cannot tell */
    DeadLetterGauges(ToLongFunction<String> depths, List<String> topics, MeterRegistry registry, Duration interval) {
        this.depths = depths;
        this.topics = List.copyOf(topics);
        this.interval = interval;
        for (String topic : topics) {
            values.put(topic, Double.NaN);
            Gauge.builder(NAME, values, v -> v.getOrDefault(topic, Double.NaN))
                    .description("Records in the dead-letter topic never re-driven").tag("topic", topic)
                    .register(registry);
        }
    }

    /** Counts every topic; one that cannot be counted keeps its last value. */
    void refresh() {
        for (String topic : topics) {
            try {
                values.put(topic, (double) depths.applyAsLong(topic));
            } catch (RuntimeException e) {
                log.warn("Counting the dead letters of {} failed; its gauge keeps its last value: {}", topic,
                        e.toString());
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        scheduler = PeriodicTask.start("dead-letter-gauges", Duration.ZERO, interval, this::refresh);
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
