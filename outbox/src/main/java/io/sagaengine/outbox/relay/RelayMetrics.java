package io.sagaengine.outbox.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The relay's meters, tagged with its database. */
final class RelayMetrics {

    private final Timer lag;
    private final Counter published;
    private final Counter restarts;
    private final AtomicReference<Instant> lastPublishedAt = new AtomicReference<>();
    private final AtomicLong slotLagBytes = new AtomicLong(-1);

    RelayMetrics(MeterRegistry registry, String database, Supplier<RelayState> state) {
        lag = Timer.builder("outbox.relay.lag")
                .description("Time from the outbox insert to Kafka's acknowledgement")
                .tag("database", database)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        published = Counter.builder("outbox.relay.published").tag("database", database)
                .description("Outbox records published to Kafka").register(registry);
        restarts = Counter.builder("outbox.relay.restarts").tag("database", database)
                .description("Engine restarts after a failure").register(registry);
        Gauge.builder("outbox.relay.streaming", state, s -> s.get() == RelayState.STREAMING ? 1 : 0)
                .tag("database", database).description("1 while this instance streams the outbox").register(registry);
        Gauge.builder("outbox.relay.standby", state, s -> s.get() == RelayState.STANDBY ? 1 : 0)
                .tag("database", database).description("1 while this instance stands by").register(registry);
        Gauge.builder("outbox.relay.slot.lost", state, s -> s.get() == RelayState.SLOT_LOST ? 1 : 0)
                .tag("database", database)
                .description("1 while the replication slot is lost: what the service writes cannot be published")
                .register(registry);
        Gauge.builder("outbox.relay.slot.lag", slotLagBytes, AtomicLong::get).baseUnit("bytes")
                .tag("database", database).description("WAL retained by the replication slot").register(registry);
        Gauge.builder("outbox.relay.last.published", lastPublishedAt, r -> r.get() == null ? 0 : r.get().getEpochSecond())
                .baseUnit("seconds").tag("database", database)
                .description("Epoch second of the last published record").register(registry);
    }

    void published(Instant createdAt, Instant now) {
        published.increment();
        lastPublishedAt.set(now);
        if (createdAt != null) {
            lag.record(Duration.between(createdAt, now).abs());
        }
    }

    void restarted() {
        restarts.increment();
    }

    void slotLag(long bytes) {
        slotLagBytes.set(bytes);
    }

    long slotLagBytes() {
        return slotLagBytes.get();
    }

    Instant lastPublishedAt() {
        return lastPublishedAt.get();
    }

    long publishedCount() {
        return (long) published.count();
    }
}
