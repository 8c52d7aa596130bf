package io.sagaengine.outbox.listener;

import io.sagaengine.outbox.PeriodicTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelayState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Watches every Kafka listener container of the service, and its relay. A container that stopped for any reason
 * (fenced, a fatal error, an authorization failure, a consumer that could not even be created) is restarted, at once
 * and then with a doubling back-off; while it does not consume, the instance refuses traffic (readiness down) with
 * the reason, {@code outbox.listener.consuming} is 0 and an ERROR line says what to do. An instance whose relay's
 * replication slot is lost refuses traffic too: what it would write cannot be published. Also keeps the instance's
 * static identity alive and restarts the listeners when it changed.
 */
final class ListenerWatchdog implements SmartLifecycle, ApplicationListener<KafkaEvent> {

    /** After the listener containers (which start in phase {@code Integer.MAX_VALUE - 100}), and stopped before them. */
    static final int PHASE = ListenerContainers.PHASE + 50;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final String RELAY = "outbox relay";

    private static final Logger log = LoggerFactory.getLogger(ListenerWatchdog.class);

    private final Supplier<Collection<? extends MessageListenerContainer>> containers;
    private final ListenerConsumers consumers;
    private final InstanceIdentity identity;
    private final ServiceReadiness readiness;
    private final Supplier<OutboxRelay> relay;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Duration maxBackoff;
    private final Clock clock;
    /** Fixed at start; read without locking by event and health threads. */
    private volatile Map<MessageListenerContainer, Watched> watched = Map.of();
    private PeriodicTask scheduler;
    private volatile boolean running;

    ListenerWatchdog(Supplier<Collection<? extends MessageListenerContainer>> containers, ListenerConsumers consumers,
                     InstanceIdentity identity, ServiceReadiness readiness, Supplier<OutboxRelay> relay,
                     MeterRegistry meters, Duration interval, Duration maxBackoff, Clock clock) {
        this.containers = containers;
        this.consumers = consumers;
        this.identity = identity;
        this.readiness = readiness;
        this.relay = relay;
        this.meters = meters;
        this.interval = interval;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
    }

    /** A listener's state as health and the lag gauge report it. */
    record ListenerStatus(String listener, String group, List<String> topics, boolean consuming, String reason,
                          Instant since, int restarts) {
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        watch();
        scheduler = PeriodicTask.start("outbox-listener-watchdog", interval, this::tick);
        log.info("Watching {} Kafka listener(s) of this instance ({}): {}", watched.size(), describeIdentity(),
                watched.values().stream().map(w -> w.name).toList());
    }

    /** Takes the containers to watch; {@link #tick()} then checks them. */
    synchronized void watch() {
        Map<MessageListenerContainer, Watched> found = new IdentityHashMap<>();
        for (MessageListenerContainer container : containers.get()) {
            if (container.isAutoStartup() && !found.containsKey(container)) {
                found.put(container, new Watched(container));
            }
        }
        watched = found;
        running = true;
    }

    @Override
    public void stop() {
        PeriodicTask stopping;
        synchronized (this) {
            running = false;
            stopping = scheduler;
            scheduler = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Remembers why a container stopped; the next tick acts on it. */
    @Override
    public void onApplicationEvent(KafkaEvent event) {
        MessageListenerContainer container = event.getContainer(MessageListenerContainer.class);
        Watched target = container == null ? null : watched.get(container);
        if (event instanceof ConsumerStoppedEvent stopped && stopped.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
            if (target != null) {
                target.lastStop = stopped.getReason().name();
            }
            if (stopped.getReason() == ConsumerStoppedEvent.Reason.FENCED) {
                identity.fenced(target != null ? target.name : String.valueOf(container));
            }
        } else if (event instanceof ConsumerFailedToStartEvent && target != null) {
            target.lastStop = "FAILED_TO_START";
        }
    }

    /** The listeners' states now. */
    List<ListenerStatus> statuses() {
        List<ListenerStatus> statuses = new ArrayList<>();
        for (Watched w : watched.values()) {
            statuses.add(new ListenerStatus(w.name, w.container.getGroupId(), w.topics(), !w.down, w.reason, w.since,
                    w.restarts));
        }
        return statuses;
    }

    String describeIdentity() {
        String name = identity.name();
        return name != null ? "static group member " + name : "dynamic group member (" + identity.dynamicReason() + ")";
    }

    void tick() {
        if (!running) {
            return;
        }
        try { // one thread only: the scheduler's
            identity.keep();
            Instant now = clock.instant();
            for (Watched w : watched.values()) {
                observe(w, now);
            }
            boolean identityChanged = consumers.refreshIdentity();
            if (identityChanged) {
                log.warn("This instance's group identity is now {}; restarting its Kafka listeners to rejoin with it",
                        describeIdentity());
            }
            for (Watched w : watched.values()) {
                if (identityChanged) {
                    restart(w, "IDENTITY");
                } else if (w.down && !now.isBefore(w.nextRestartAt)) {
                    restart(w, w.lastStop == null ? "STOPPED" : w.lastStop);
                    w.nextRestartAt = clock.instant().plus(w.backoff);
                    w.backoff = w.backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : w.backoff.multipliedBy(2);
                }
            }
            checkRelay();
            readiness.publish();
        } catch (RuntimeException e) {
            log.error("Watching the Kafka listeners failed; trying again in {}", interval, e);
        }
    }

    /** Notices a listener that stopped consuming (it refuses traffic from now on) or consumes again. */
    private void observe(Watched w, Instant now) {
        if (consuming(w.container)) {
            if (w.down) {
                log.info("Kafka listener {} (group {}) consumes again, {} s after it stopped ({} restart(s))", w.name,
                        w.container.getGroupId(), Duration.between(w.since, now).toSeconds(), w.restarts);
                w.down = false;
                w.reason = null;
                w.consumingSince = now;
                readiness.clear(w.key());
            } else if (w.consumingSince != null && Duration.between(w.consumingSince, now).compareTo(maxBackoff) > 0) {
                w.backoff = FIRST_BACKOFF;
            }
            return;
        }
        if (!w.down) {
            w.down = true;
            w.since = now;
            w.consumingSince = null;
            w.reason = reasonText(w.lastStop);
            w.nextRestartAt = now;
            readiness.block(w.key(), "Kafka listener " + w.name + " (group " + w.container.getGroupId()
                    + ") is not consuming: " + w.reason);
            log.error("Kafka listener {} (group {}, topics {}) stopped consuming: {}. It is restarted now and then with a "
                            + "back-off up to {} s; this instance refuses traffic until it consumes again. If it keeps "
                            + "stopping, see the reason above and the listener's earlier log lines (a fence means "
                            + "another consumer used this instance's group.instance.id; an authorization failure needs "
                            + "the service's Kafka ACLs), and watch outbox_listener_consuming", w.name,
                    w.container.getGroupId(), w.topics(), w.reason, maxBackoff.toSeconds());
        }
    }

    private void restart(Watched w, String reason) {
        w.lastStop = null;
        w.restarts++;
        Counter.builder("outbox.listener.restarts").tag("listener", w.name).tag("reason", reason)
                .description("Restarts of a Kafka listener container by the watchdog").register(meters).increment();
        try {
            w.container.stop();
        } catch (RuntimeException e) {
            log.warn("Stopping Kafka listener {} before its restart failed: {}", w.name, e.toString());
        }
        try {
            w.container.start();
            log.info("Kafka listener {} restarted ({}; restart {})", w.name, reason, w.restarts);
        } catch (RuntimeException e) {
            log.error("Kafka listener {} could not be restarted: {}", w.name, e.toString());
        }
    }

    private void checkRelay() {
        OutboxRelay outboxRelay = relay.get();
        if (outboxRelay != null && outboxRelay.state() == RelayState.SLOT_LOST) {
            readiness.block(RELAY, "the outbox of database " + outboxRelay.settings().database()
                    + " cannot be published (replication slot lost): " + outboxRelay.slotProblem());
        } else {
            readiness.clear(RELAY);
        }
    }

    static boolean consuming(MessageListenerContainer container) {
        if (!container.isRunning() || !container.isInExpectedState()) {
            return false;
        }
        if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
            return concurrent.getContainers().stream().allMatch(MessageListenerContainer::isRunning);
        }
        return true;
    }

    private static String reasonText(String stop) {
        if (stop == null) {
            return "the container stopped (no reason was published; see the listener's earlier log lines)";
        }
        return switch (stop) {
            case "FENCED" -> "fenced: another consumer joined the group with this instance's group.instance.id";
            case "AUTH" -> "an authentication or authorization failure";
            case "FAILED_TO_START" -> "its consumer could not start";
            case "NO_OFFSET" -> "no committed offset and no reset policy";
            default -> "a fatal error (" + stop + ")";
        };
    }

    private final class Watched {
        final MessageListenerContainer container;
        final String name;
        volatile String lastStop;
        volatile boolean down;
        volatile String reason;
        volatile Instant since;
        volatile int restarts;
        // the watchdog's thread only
        Instant consumingSince = clock.instant();
        Instant nextRestartAt = Instant.MIN;
        Duration backoff = FIRST_BACKOFF;

        Watched(MessageListenerContainer container) {
            this.container = container;
            String id = container.getListenerId();
            this.name = id != null ? id : String.valueOf(container.getGroupId());
            Gauge.builder("outbox.listener.consuming", this, w -> w.down ? 0 : 1).tag("listener", name)
                    .description("1 while the Kafka listener consumes, 0 while it is stopped or being restarted")
                    .register(meters);
        }

        String key() {
            return "listener " + name;
        }

        List<String> topics() {
            String[] topics = container.getContainerProperties().getTopics();
            return topics == null ? List.of() : List.of(topics);
        }
    }
}
