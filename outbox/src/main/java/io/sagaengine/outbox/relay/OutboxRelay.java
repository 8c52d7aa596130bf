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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Relays one database's outbox from the WAL to Kafka with an embedded Debezium engine.
 *
 * <p>Every instance of a service runs one; a PostgreSQL advisory lock ({@link RelayLock}) lets exactly one of
 * them stream while the others stand by and take over when it dies or stops answering. A failed engine is
 * restarted with a short back-off; a leader whose engine keeps failing steps down for a while so a healthy
 * standby can take over. Offsets live in the same database (JDBC offset store), so a restart resumes where
 * the last acknowledged batch ended. A slot that was lost stops the relay loudly instead of being replaced.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration SLOT_LAG_REFRESH = Duration.ofSeconds(5);
    private static final Duration SLOT_RECHECK = Duration.ofSeconds(2);

    private final RelaySettings settings;
    private final String bootstrapServers;
    private final RelayMetrics metrics;
    private final RelayLock lock;
    private final RestartPolicy restarts;
    private final ScheduledExecutorService supervisor;

    private final AtomicReference<RelayState> state = new AtomicReference<>(RelayState.STOPPED);
    private volatile boolean stopping;
    private volatile Throwable lastFailure;
    private volatile String slotProblem;
    private volatile CountDownLatch streaming = new CountDownLatch(1);
    private volatile EngineRun run;

    // touched by the supervisor thread only (and by close() once the supervisor has stopped)
    private Producer<String, byte[]> producer;
    private Instant nextRestartAt = Instant.MIN;
    private Instant cooldownEndsAt = Instant.MIN;
    private Instant slotCheckedAt = Instant.MIN;
    private Instant slotLagRefreshedAt = Instant.MIN;

    public OutboxRelay(RelaySettings settings, String bootstrapServers, MeterRegistry registry) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.metrics = new RelayMetrics(registry, settings.database(), state::get);
        this.lock = new RelayLock(settings);
        this.restarts = RestartPolicy.of(settings);
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay-" + settings.database());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the slot and publication if missing (so no committed row can be missed, whoever streams),
     * then competes for the relay lock in the background. A lost slot is reported, not replaced.
     */
    public synchronized void start() {
        if (state.get() != RelayState.STOPPED || stopping) {
            return;
        }
        try {
            SecretLogGuard.install();
        } catch (LinkageError noLogback) {
            log.debug("Logging backend is not logback; Debezium's own error messages are not filtered");
        }
        if (checkSlot().usable()) {
            state.set(RelayState.STANDBY);
            log.info("Outbox relay for database {} started (slot {}); competing for the relay lock",
                    settings.database(), settings.slotName());
        } else {
            state.set(RelayState.SLOT_LOST);
            slotCheckedAt = Instant.now();
        }
        supervisor.scheduleWithFixedDelay(this::supervise, 0, settings.standbyCheckInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the publication and, on a first start, the slot; safe to call from every instance. A slot that
     * is missing after the relay streamed from it, or that was invalidated, is not replaced: the relay then
     * reports {@link RelayState#SLOT_LOST} with {@link #slotProblem()}.
     */
    public void prepareReplication() {
        checkSlot();
    }

    public RelayState state() {
        return state.get();
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

    /** Why the slot cannot be streamed from, what may have been lost and how to recover; {@code null} while it can. */
    public String slotProblem() {
        return slotProblem;
    }

    /** Waits until this instance streams; false if it did not within the timeout (e.g. it stands by). */
    public boolean awaitStreaming(Duration timeout) throws InterruptedException {
        return streaming.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && state.get() == RelayState.STREAMING;
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
        closeProducer(Duration.ofSeconds(10));
        state.set(RelayState.STOPPED);
        log.info("Outbox relay for database {} stopped", settings.database());
    }

    private void supervise() {
        if (stopping) {
            return;
        }
        try {
            switch (state.get()) {
                case STANDBY -> competeForLock();
                case STEPPED_DOWN -> {
                    if (!Instant.now().isBefore(cooldownEndsAt)) {
                        state.set(RelayState.STANDBY);
                        log.info("Outbox relay for database {} ends its step-down cool-down; competing for the relay lock",
                                settings.database());
                        competeForLock();
                    }
                }
                case SLOT_LOST -> recheckSlot();
                case STARTING, STREAMING, RECOVERING -> lead();
                case STOPPED -> {
                    // not started
                }
            }
            refreshSlotLag();
        } catch (RuntimeException e) {
            log.error("Outbox relay supervisor for {} hit an unexpected error", settings.database(), e);
        }
    }

    private void competeForLock() {
        if (lock.tryAcquire()) {
            log.info("Outbox relay for database {} took the relay lock; starting to stream", settings.database());
            restarts.reset();
            startEngine();
        }
    }

    /** One tick of the leader: keep the lock session alive, notice a lost lock or a failed engine, restart. */
    private void lead() {
        if (!lock.stillHeld()) {
            log.warn("Outbox relay for database {} lost its relay lock session (the database ended it, or it stopped "
                    + "answering); stopping and standing by", settings.database());
            stopEngine();
            lock.close();
            state.set(RelayState.STANDBY);
            return;
        }
        if (slotVanishedUnderTheEngine()) {
            return;
        }
        EngineRun current = run;
        if (current != null && current.done) {
            run = null;
            afterFailedRun(current);
        } else if (current == null && state.get() == RelayState.RECOVERING && !Instant.now().isBefore(nextRestartAt)) {
            log.info("Restarting the outbox relay engine for database {}", settings.database());
            metrics.restarted();
            startEngine();
        }
    }

    /** Every few seconds while streaming: a slot dropped or invalidated meanwhile stops the relay at once. */
    private boolean slotVanishedUnderTheEngine() {
        Instant now = Instant.now();
        if (state.get() != RelayState.STREAMING || now.isBefore(slotCheckedAt.plus(SLOT_RECHECK))) {
            return false;
        }
        slotCheckedAt = now;
        if (!lock.slotGoneOrLost()) {
            return false;
        }
        try {
            if (checkSlot().usable()) {
                return false;
            }
        } catch (IllegalStateException e) {
            log.debug("Checking the replication slot of {} failed: {}", settings.database(), e.getMessage());
            return false;
        }
        enterSlotLost();
        return true;
    }

    private void startEngine() {
        state.set(RelayState.STARTING);
        try {
            if (!checkSlot().usable()) {
                enterSlotLost();
                return;
            }
            lock.endOtherUsersOfSlot();
            if (producer == null) {
                producer = new KafkaProducer<>(producerConfig());
            }
            run = new EngineRun(producer);
        } catch (RuntimeException | SQLException e) {
            lastFailure = e;
            failed(Redaction.describe("the engine could not start", e), Duration.ZERO, false);
        }
    }

    private void afterFailedRun(EngineRun ended) {
        ended.stop();
        lastFailure = ended.error != null ? ended.error : new IllegalStateException(Redaction.redact(ended.message));
        closeProducer(Duration.ZERO); // a producer that failed may be unusable: the next attempt gets a fresh one
        failed(Redaction.describe(ended.message, ended.error), Duration.between(ended.startedAt, Instant.now()),
                metrics.publishedCount() > ended.publishedBefore);
        log.debug("Outbox relay engine failure detail", ended.error);
    }

    private void failed(String what, Duration ranFor, boolean delivered) {
        streaming = new CountDownLatch(1);
        if (restarts.failed(ranFor, delivered) == RestartPolicy.Decision.STEP_DOWN) {
            stopEngine();
            lock.close();
            cooldownEndsAt = Instant.now().plus(settings.stepDownCooldown());
            state.set(RelayState.STEPPED_DOWN);
            log.error("Outbox relay engine for database {} failed {} times in a row without delivering anything (last: {}); "
                            + "giving the relay lock up for {} so another instance can take over", settings.database(),
                    settings.stepDownAfterFailures(), what, settings.stepDownCooldown());
            return;
        }
        Duration backoff = restarts.nextBackoff();
        nextRestartAt = Instant.now().plus(backoff);
        state.set(RelayState.RECOVERING);
        log.error("Outbox relay engine for database {} stopped: {}; restarting in {}", settings.database(), what, backoff);
    }

    /** Runs the slot check and logs a new problem once, at ERROR. */
    private SlotCheck checkSlot() {
        SlotCheck check = ReplicationSetup.ensure(settings);
        String previous = slotProblem;
        slotProblem = check.problem();
        if (check.problem() != null && !check.problem().equals(previous)) {
            log.error("OUTBOX RELAY STOPPED: {}", check.problem());
        } else if (check.problem() == null && previous != null) {
            log.warn("Replication slot {} of database {} is usable again ({}); the relay resumes", settings.slotName(),
                    settings.database(), check.outcome());
        }
        return check;
    }

    private void enterSlotLost() {
        stopEngine();
        lock.close();
        slotCheckedAt = Instant.now();
        state.set(RelayState.SLOT_LOST);
    }

    private void recheckSlot() {
        Instant now = Instant.now();
        if (now.isBefore(slotCheckedAt.plus(SLOT_RECHECK))) {
            return;
        }
        slotCheckedAt = now;
        try {
            if (checkSlot().usable()) {
                state.set(RelayState.STANDBY);
            }
        } catch (IllegalStateException e) {
            log.debug("Rechecking the replication slot of {} failed: {}", settings.database(), e.getMessage());
        }
    }

    private void refreshSlotLag() {
        Instant now = Instant.now();
        if (now.isAfter(slotLagRefreshedAt.plus(SLOT_LAG_REFRESH))) {
            metrics.slotLag(lock.slotLagBytes()); // through the lock's session while it is open; -1 otherwise
            slotLagRefreshedAt = now;
        }
    }

    private void stopEngine() {
        EngineRun running = run;
        run = null;
        if (running != null) {
            running.stop();
        }
        streaming = new CountDownLatch(1);
    }

    private void closeProducer(Duration grace) {
        Producer<String, byte[]> open = producer;
        producer = null;
        if (open != null) {
            open.close(grace);
        }
    }

    /** One start of the Debezium engine, until it stops. */
    private final class EngineRun {

        final Instant startedAt = Instant.now();
        final long publishedBefore = metrics.publishedCount();
        final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
        final ExecutorService thread;
        volatile boolean done;
        volatile String message;
        volatile Throwable error;

        EngineRun(Producer<String, byte[]> producer) {
            engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(DebeziumConfig.of(settings))
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            if (run == EngineRun.this && state.compareAndSet(RelayState.STARTING, RelayState.STREAMING)) {
                                streaming.countDown();
                                log.info("Outbox relay for database {} is streaming", settings.database());
                            }
                        }
                    })
                    .using((success, message, error) -> {
                        this.message = message;
                        this.error = error;
                        this.done = true;
                    })
                    .notifying(new KafkaForwarder(producer, settings.sendTimeout(), metrics))
                    .build();
            thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-engine-" + settings.database()));
            thread.execute(engine);
        }

        void stop() {
            if (!done) {
                try {
                    engine.close();
                } catch (IOException | IllegalStateException e) { // the latter: it has just stopped by itself
                    log.debug("Closing the Debezium engine for {} failed: {}", settings.database(), e.getMessage());
                }
            }
            thread.shutdown();
            try {
                if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("The Debezium engine for {} did not stop in time", settings.database());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Connection and security settings may be overridden; the delivery guarantees may not. */
    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + settings.database());
        // Kafka's own default since 4.0. The linger holds a relay batch's records while they are appended, so the
        // batch leaves in one produce request per partition and consumers downstream fetch batches; the forwarder
        // then flushes, so no record waits for the linger to pass (docs/BENCHMARKS.md)
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // send() waits this long for metadata before it fails; never longer than a whole batch may take
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.sendTimeout().toMillis());
        config.putAll(settings.producerOverrides());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // One request at a time: with several in flight, the first produce to a partition the broker is still
        // creating can fail while the next is appended, and the broker then rejects every retry of the first as
        // out of sequence until the send times out (KAFKA-15591), which restarts the relay and re-sends a batch.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(11_000, settings.sendTimeout().toMillis()));
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return config;
    }

    /** The Debezium engine properties; kept apart so they read as one block. */
    static final class DebeziumConfig {

        /** Set by Debezium itself on its connections, or named by the settings above: never taken from the URL. */
        static final Set<String> DEBEZIUM_OWNED = Set.of("hostname", "port", "dbname", "user", "password",
                "replication", "preferQueryMode", "ApplicationName", "assumeMinServerVersion");

        private DebeziumConfig() {
        }

        static Properties of(RelaySettings s) {
            String prefix = "outbox_" + s.database().replaceAll("[^A-Za-z0-9_]", "_");
            Properties p = new Properties();
            p.setProperty("name", "outbox-relay-" + s.database());
            if (s.wakeOnChange()) {
                p.setProperty("connector.class", WakeOnChangePostgresConnector.class.getName());
                p.setProperty("queue.provider.type", WakeOnChangeQueue.NAME);
                p.setProperty(WakeOnChangeQueue.KEY, p.getProperty("name") + "-" + UUID.randomUUID());
            } else {
                p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
            }
            p.setProperty("database.hostname", s.host());
            p.setProperty("database.port", String.valueOf(s.port()));
            p.setProperty("database.user", s.user());
            p.setProperty("database.password", s.password());
            p.setProperty("database.dbname", s.database());
            // the URL's parameters (sslmode, sslrootcert, ...) become JDBC properties of Debezium's connections
            s.jdbcParameters().forEach((name, value) -> {
                if (!DEBEZIUM_OWNED.contains(name)) {
                    p.setProperty("database." + name, value);
                }
            });
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
            p.setProperty("slot.failover", "true"); // only if Debezium ever creates the slot itself (PostgreSQL 17+)
            p.setProperty("poll.interval.ms", String.valueOf(s.pollInterval().toMillis()));
            p.setProperty("max.batch.size", String.valueOf(s.maxBatchSize()));
            p.setProperty("max.queue.size", String.valueOf(s.maxBatchSize() * 4));
            p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
            p.setProperty("offset.storage.jdbc.connection.url", offsetStoreUrl(s));
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

        /**
         * The offset store saves in a transaction of its own (delete, insert, commit): a relay frozen in the middle
         * would keep the offset rows locked, and its successor could not save its offsets. The session ends such a
         * transaction after the leader timeout.
         */
        static String offsetStoreUrl(RelaySettings s) {
            Map<String, String> parameters = new LinkedHashMap<>(s.jdbcParameters());
            parameters.merge("options", "-c idle_in_transaction_session_timeout=" + s.lockSessionTimeout().toMillis(),
                    (own, added) -> own + " " + added);
            return s.jdbcUrl(parameters);
        }
    }
}
