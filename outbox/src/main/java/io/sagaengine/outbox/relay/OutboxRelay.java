package io.sagaengine.outbox.relay;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Relays one database's outbox from the WAL to Kafka with an embedded Debezium engine.
 *
 * <p>Every instance of a service runs one; a PostgreSQL advisory lock lets exactly one of them stream while
 * the others stand by and take over within {@link RelaySettings#standbyCheckInterval()} when it dies. A
 * failed engine is restarted with back-off; offsets live in the same database (JDBC offset store), so a
 * restart resumes where the last acknowledged batch ended.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration SLOT_LAG_REFRESH = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final RelaySettings settings;
    private final String bootstrapServers;
    private final RelayMetrics metrics;
    private final RelayLock lock;
    private final ScheduledExecutorService supervisor;

    private volatile RelayState state = RelayState.STOPPED;
    private volatile boolean stopping;
    private volatile Throwable lastFailure;
    private volatile CountDownLatch streaming = new CountDownLatch(1);

    // touched by the supervisor thread only
    private Producer<String, byte[]> producer;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private ExecutorService engineThread;
    private volatile boolean engineDone = true;
    private Instant nextRestartAt = Instant.MIN;
    private Duration backoff = Duration.ofSeconds(1);
    private Instant slotLagRefreshedAt = Instant.MIN;

    public OutboxRelay(RelaySettings settings, String bootstrapServers, MeterRegistry registry) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.metrics = new RelayMetrics(registry, settings.database(), () -> state);
        this.lock = new RelayLock(settings);
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay-" + settings.database());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the slot and publication if missing (so no committed row can be missed, whoever streams),
     * then competes for the relay lock in the background.
     */
    public synchronized void start() {
        if (state != RelayState.STOPPED || stopping) {
            return;
        }
        prepareReplication();
        try {
            SecretLogGuard.install();
        } catch (LinkageError noLogback) {
            log.debug("Logging backend is not logback; Debezium's own error messages are not filtered");
        }
        state = RelayState.STANDBY;
        log.info("Outbox relay for database {} started (slot {}); competing for the relay lock",
                settings.database(), settings.slotName());
        supervisor.scheduleWithFixedDelay(this::supervise, 0, settings.standbyCheckInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Creates the publication and the slot if they are missing; safe to call from every instance. */
    public void prepareReplication() {
        ReplicationSetup.ensure(settings);
    }

    public RelayState state() {
        return state;
    }

    public RelaySettings settings() {
        return settings;
    }

    public Instant lastPublishedAt() {
        return metrics.lastPublishedAt();
    }

    public long publishedCount() {
        return metrics.publishedCount();
    }

    /** WAL held back by the slot in bytes, refreshed every few seconds; -1 when not known yet. */
    public long slotLagBytes() {
        return metrics.slotLagBytes();
    }

    public Throwable lastFailure() {
        return lastFailure;
    }

    /** Waits until this instance streams; false if it did not within the timeout (e.g. it stands by). */
    public boolean awaitStreaming(Duration timeout) throws InterruptedException {
        return streaming.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && state == RelayState.STREAMING;
    }

    /** Stops streaming gracefully (offsets flushed) and releases the lock so a standby takes over. */
    @Override
    public void close() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        supervisor.shutdown();
        try {
            if (!supervisor.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("Outbox relay supervisor for {} did not stop in time", settings.database());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopEngine();
        lock.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
        state = RelayState.STOPPED;
        log.info("Outbox relay for database {} stopped", settings.database());
    }

    private void supervise() {
        if (stopping) {
            return;
        }
        try {
            if (state == RelayState.STANDBY) {
                if (lock.tryAcquire()) {
                    log.info("Outbox relay for database {} took the relay lock; starting to stream", settings.database());
                    startEngine();
                }
            } else if (!lock.stillHeld()) {
                log.warn("Outbox relay for database {} lost its lock connection; stopping and standing by",
                        settings.database());
                stopEngine();
                lock.close();
                state = RelayState.STANDBY;
            } else if (engineDone && Instant.now().isAfter(nextRestartAt)) {
                log.info("Restarting the outbox relay engine for database {}", settings.database());
                metrics.restarted();
                startEngine();
            }
            refreshSlotLag();
        } catch (RuntimeException e) {
            log.error("Outbox relay supervisor for {} hit an unexpected error", settings.database(), e);
        }
    }

    private void refreshSlotLag() {
        Instant now = Instant.now();
        if (now.isAfter(slotLagRefreshedAt.plus(SLOT_LAG_REFRESH))) {
            if (state == RelayState.STANDBY) {
                lock.tryAcquire(); // opens the connection if needed; releases nothing
                if (!lock.stillHeld()) {
                    return;
                }
            }
            metrics.slotLag(lock.slotLagBytes());
            slotLagRefreshedAt = now;
        }
    }

    private void startEngine() {
        state = RelayState.STARTING;
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig());
        }
        engineDone = false;
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(DebeziumConfig.of(settings))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        state = RelayState.STREAMING;
                        backoff = Duration.ofSeconds(1);
                        streaming.countDown();
                        log.info("Outbox relay for database {} is streaming", settings.database());
                    }
                })
                .using((success, message, error) -> onEngineDone(success, message, error))
                .notifying(new KafkaForwarder(producer, settings.sendTimeout(), metrics))
                .build();
        engineThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-engine-" + settings.database()));
        engineThread.execute(engine);
    }

    private void onEngineDone(boolean success, String message, Throwable error) {
        engineDone = true;
        if (stopping) {
            return;
        }
        lastFailure = error;
        state = RelayState.RECOVERING;
        streaming = new CountDownLatch(1);
        nextRestartAt = Instant.now().plus(backoff);
        log.error("Outbox relay engine for database {} stopped: {}; restarting in {}", settings.database(),
                Redaction.describe(message, error), backoff);
        log.debug("Outbox relay engine failure detail", error);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        // a producer that failed may be unusable: start the next attempt with a fresh one
        Producer<String, byte[]> failed = producer;
        producer = null;
        if (failed != null) {
            failed.close(Duration.ZERO);
        }
    }

    private void stopEngine() {
        DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
        engine = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                log.warn("Closing the Debezium engine for {} failed", settings.database(), e);
            }
        }
        if (engineThread != null) {
            engineThread.shutdown();
            try {
                engineThread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engineThread = null;
        }
        streaming = new CountDownLatch(1);
    }

    /** Connection and security settings may be overridden; the delivery guarantees may not. */
    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + settings.database());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(settings.producerOverrides());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(11_000, settings.sendTimeout().toMillis()));
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return config;
    }

    /** The Debezium engine properties; kept apart so they read as one block. */
    static final class DebeziumConfig {
        private DebeziumConfig() {
        }

        static Properties of(RelaySettings s) {
            String prefix = "outbox_" + s.database().replaceAll("[^A-Za-z0-9_]", "_");
            Properties p = new Properties();
            p.setProperty("name", "outbox-relay-" + s.database());
            p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
            p.setProperty("database.hostname", s.host());
            p.setProperty("database.port", String.valueOf(s.port()));
            p.setProperty("database.user", s.user());
            p.setProperty("database.password", s.password());
            p.setProperty("database.dbname", s.database());
            p.setProperty("topic.prefix", prefix);
            p.setProperty("plugin.name", "pgoutput");
            p.setProperty("slot.name", s.slotName());
            p.setProperty("publication.name", s.publicationName());
            p.setProperty("publication.autocreate.mode", "disabled");
            p.setProperty("table.include.list", "public.outbox,public.outbox_heartbeat");
            p.setProperty("snapshot.mode", "no_data");
            p.setProperty("tombstones.on.delete", "false");
            // the connector's own lag statistics fill a bounded queue and log a warning per event under load;
            // the relay measures commit-to-publish lag itself
            p.setProperty("statistics.metrics.enabled", "false");
            p.setProperty("slot.max.retries", "40");
            p.setProperty("slot.retry.delay.ms", "500");
            p.setProperty("poll.interval.ms", String.valueOf(s.pollInterval().toMillis()));
            p.setProperty("max.batch.size", String.valueOf(s.maxBatchSize()));
            p.setProperty("max.queue.size", String.valueOf(s.maxBatchSize() * 4));
            p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
            p.setProperty("offset.storage.jdbc.connection.url", s.jdbcUrl());
            p.setProperty("offset.storage.jdbc.connection.user", s.user());
            p.setProperty("offset.storage.jdbc.connection.password", s.password());
            p.setProperty("offset.storage.jdbc.table.name", "outbox_relay_offsets");
            p.setProperty("offset.flush.interval.ms", String.valueOf(s.offsetFlushInterval().toMillis()));
            p.setProperty("offset.flush.timeout.ms", "10000");
            p.setProperty("heartbeat.interval.ms", String.valueOf(s.heartbeatInterval().toMillis()));
            p.setProperty("heartbeat.action.query", "INSERT INTO public.outbox_heartbeat (id, beat_at) VALUES (1, now()) "
                    + "ON CONFLICT (id) DO UPDATE SET beat_at = EXCLUDED.beat_at");
            p.setProperty("predicates", "isOutbox");
            p.setProperty("predicates.isOutbox.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
            p.setProperty("predicates.isOutbox.pattern", prefix + "\\.public\\.outbox");
            p.setProperty("transforms", "outbox");
            p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
            p.setProperty("transforms.outbox.predicate", "isOutbox");
            p.setProperty("transforms.outbox.table.field.event.key", "aggregateid");
            p.setProperty("transforms.outbox.route.by.field", "topic");
            p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
            p.setProperty("transforms.outbox.table.expand.json.payload", "false");
            p.setProperty("transforms.outbox.table.fields.additional.placement",
                    "type:header:message-type,schema_version:header:schema-version,saga_id:header:saga-id,"
                            + "causation_id:header:causation-id,traceparent:header:traceparent,"
                            + "created_at:header:" + KafkaForwarder.CREATED_AT_HEADER);
            return p;
        }
    }
}
