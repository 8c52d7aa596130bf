package io.sagaengine.outbox;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the outbox, its relay, the inbox, dead letters and the listeners' group membership ({@code outbox.*}).
 *
 * @param keepRows keep outbox rows after insert (for inspection); by default each row is deleted in the
 *                 transaction that inserts it, since the relay reads the insert from the WAL
 */
@ConfigurationProperties("outbox")
public record OutboxProperties(
        @DefaultValue("false") boolean keepRows,
        @DefaultValue Relay relay,
        @DefaultValue Inbox inbox,
        @DefaultValue DeadLetter deadLetter,
        @DefaultValue Consumer consumer) {

    /**
     * @param slotName replication slot; slots are server-wide, so the default is derived from the database name
     * @param pollInterval how long the connector sleeps when the replication stream has nothing pending: up to this
     *                     much is added to a quiet relay's first message, and a shorter interval costs more idle CPU
     * @param offsetFlushInterval how often relayed positions are saved; after a crash, up to this much is re-sent
     * @param heartbeatInterval how often a heartbeat row is written so the slot advances on a quiet database
     * @param standbyCheckInterval how often a standby instance tries to take over the relay
     * @param sendTimeout how long a batch may wait for Kafka's acknowledgement before the engine restarts
     * @param leaderTimeout how long a leader that stopped answering (frozen, cut off) keeps the relay before
     *                      PostgreSQL ends its lock session and a standby takes over (at least 3 standby checks)
     * @param stepDownAfterFailures engine failures in a row, without delivering anything, after which the leader
     *                              gives the relay up to another instance
     * @param stepDownCooldown how long a leader that stepped down leaves the relay to the other instances
     * @param maxRestartBackoff the longest wait before a failed engine is restarted (doubling from 1 s)
     * @param wakeOnChange whether the relay hands each change to Kafka as soon as Debezium reads it (the default)
     *                     instead of once per poll interval, as Debezium's own queue does
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            String slotName,
            @DefaultValue("outbox_publication") String publicationName,
            @DefaultValue("5ms") Duration pollInterval,
            @DefaultValue("1s") Duration offsetFlushInterval,
            @DefaultValue("10s") Duration heartbeatInterval,
            @DefaultValue("1s") Duration standbyCheckInterval,
            @DefaultValue("30s") Duration sendTimeout,
            @DefaultValue("2048") int maxBatchSize,
            @DefaultValue("10s") Duration leaderTimeout,
            @DefaultValue("3") int stepDownAfterFailures,
            @DefaultValue("10s") Duration stepDownCooldown,
            @DefaultValue("5s") Duration maxRestartBackoff,
            @DefaultValue("true") boolean wakeOnChange) {
    }

    /**
     * @param retention      how long processed message ids are kept; redeliveries older than this are not caught
     * @param purgeInterval  pause between purge runs; a run deletes batch after batch, on one instance at a time
     * @param purgeBatchSize records deleted per transaction
     */
    public record Inbox(
            @DefaultValue("7d") Duration retention,
            @DefaultValue("1h") Duration purgeInterval,
            @DefaultValue("1000") int purgeBatchSize) {
        public Inbox {
            if (retention.isNegative() || retention.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()
                    || purgeBatchSize < 1) {
                throw new IllegalArgumentException("outbox.inbox: retention > 0, purge-interval > 0 and "
                        + "purge-batch-size >= 1 required");
            }
        }
    }

    /**
     * @param retries        attempts after the first before a failing record goes to its dead-letter topic
     *                       (records that can never be read go there at once; records whose handling fails
     *                       only because the database is unreachable are retried until it is back, never
     *                       dead-lettered: see {@link TransientFailures})
     * @param initialBackoff wait before the first retry
     * @param maxBackoff     longest wait between retries, also while waiting out a database outage
     */
    public record DeadLetter(
            @DefaultValue("4") int retries,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff) {
    }

    /**
     * How this instance's Kafka listeners (the orchestrator's reply listener, a participant's command listener)
     * take part in their consumer group.
     *
     * @param instanceId        a name for this instance's static group membership, for operators who name their
     *                          instances themselves (a StatefulSet pod name). Claimed in the service's database at
     *                          start: while a live instance holds it, this one refuses to start. Leave it unset
     *                          (the default) and each instance leases a free name of its own,
     *                          {@code <spring.application.name>-<n>}, so instances started from identical
     *                          configuration never share one.
     * @param staticMembership  whether listeners join their groups with a static identity (a leased or configured
     *                          name), so an instance that restarts gets its partitions back at once instead of after a
     *                          rebalance; {@code false} for dynamic membership
     * @param leaseTimeout      how long the name of an instance that stopped answering (frozen, cut off) stays taken
     *                          before another instance may lease it; an instance that dies frees its name at once
     * @param sessionTimeout    how long the group waits for a silent member before giving its partitions to
     *                          the others (a crashed instance without restart costs this much latency)
     * @param heartbeatInterval how often a member tells the group it is alive; well below the session timeout
     * @param commitInterval    how often the listeners commit the offsets of what they handled: at most once per
     *                          interval after a poll's records are handled, and always when partitions are taken
     *                          away or the listener stops. After a crash, up to this much is read again, which the
     *                          inbox turns into duplicates it skips. {@code 0} commits after every poll, which costs
     *                          the broker a commit per message at low rates. A {@code spring.kafka.listener.ack-mode}
     *                          set explicitly wins.
     * @param watchInterval     how often every listener container is checked (and restarted when it stopped)
     * @param maxRestartBackoff the longest wait between restarts of a listener that keeps stopping (doubling from 1 s)
     * @param lagInterval       how often the consumer lag of this service's groups is read from the broker
     */
    public record Consumer(
            String instanceId,
            @DefaultValue("true") boolean staticMembership,
            @DefaultValue("10s") Duration leaseTimeout,
            @DefaultValue("10s") Duration sessionTimeout,
            @DefaultValue("2s") Duration heartbeatInterval,
            @DefaultValue("1s") Duration commitInterval,
            @DefaultValue("1s") Duration watchInterval,
            @DefaultValue("30s") Duration maxRestartBackoff,
            @DefaultValue("15s") Duration lagInterval) {

        public Consumer {
            leaseTimeout = leaseTimeout == null ? Duration.ofSeconds(10) : leaseTimeout;
            sessionTimeout = sessionTimeout == null ? Duration.ofSeconds(10) : sessionTimeout;
            heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(2) : heartbeatInterval;
            commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
            watchInterval = watchInterval == null ? Duration.ofSeconds(1) : watchInterval;
            maxRestartBackoff = maxRestartBackoff == null ? Duration.ofSeconds(30) : maxRestartBackoff;
            lagInterval = lagInterval == null ? Duration.ofSeconds(15) : lagInterval;
            if (commitInterval.isNegative()) {
                throw new IllegalArgumentException("outbox.consumer.commit-interval must not be negative");
            }
            if (heartbeatInterval.compareTo(sessionTimeout) >= 0) {
                throw new IllegalArgumentException("outbox.consumer.heartbeat-interval must be below the session timeout");
            }
            if (watchInterval.isNegative() || watchInterval.isZero() || watchInterval.multipliedBy(3).compareTo(leaseTimeout) > 0) {
                throw new IllegalArgumentException("outbox.consumer.watch-interval must be positive and at most a third "
                        + "of outbox.consumer.lease-timeout (the lease is kept alive at every watch)");
            }
            if (instanceId != null && instanceId.isBlank()) {
                instanceId = null;
            }
            if (instanceId != null && !staticMembership) {
                throw new IllegalArgumentException("outbox.consumer.instance-id names a static identity, but "
                        + "outbox.consumer.static-membership is false");
            }
        }

        /** Settings with the defaults, for tests and code that builds them by hand. */
        public static Consumer defaults() {
            return new Consumer(null, true, null, null, null, null, null, null, null);
        }

        /**
         * Adds the session settings to a Kafka consumer configuration; settings already given there (through
         * {@code spring.kafka.consumer.properties.*}) win. The static identity ({@code group.instance.id}) is not
         * set here: it is leased at start and may change while the instance runs.
         */
        public Map<String, Object> applyTo(Map<String, Object> consumerConfig) {
            consumerConfig.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
            consumerConfig.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeatInterval.toMillis());
            return consumerConfig;
        }

        /**
         * Sets how a listener container commits offsets, unless {@code spring.kafka.listener.ack-mode} chose already
         * ({@code explicitAckMode} is what Boot's listener properties hold, null when unset).
         */
        public void applyTo(ContainerProperties container, ContainerProperties.AckMode explicitAckMode) {
            if (explicitAckMode != null) {
                return;
            }
            if (commitInterval.isZero()) {
                container.setAckMode(ContainerProperties.AckMode.BATCH);
            } else {
                container.setAckMode(ContainerProperties.AckMode.TIME);
                container.setAckTime(commitInterval.toMillis());
            }
        }
    }
}
