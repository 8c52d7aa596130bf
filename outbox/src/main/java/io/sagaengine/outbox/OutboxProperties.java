package io.sagaengine.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the outbox, its relay, the inbox and dead letters ({@code outbox.*}).
 *
 * @param keepRows keep outbox rows after insert (for inspection); by default each row is deleted in the
 *                 transaction that inserts it, since the relay reads the insert from the WAL
 */
@ConfigurationProperties("outbox")
public record OutboxProperties(
        @DefaultValue("false") boolean keepRows,
        @DefaultValue Relay relay,
        @DefaultValue Inbox inbox,
        @DefaultValue DeadLetter deadLetter) {

    /**
     * @param slotName replication slot; slots are server-wide, so the default is derived from the database name
     * @param pollInterval how long the engine waits for new WAL changes; dominates latency
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
            @DefaultValue("5s") Duration maxRestartBackoff) {
    }

    /**
     * @param retention how long processed message ids are kept; redeliveries older than this are not caught
     */
    public record Inbox(
            @DefaultValue("7d") Duration retention,
            @DefaultValue("1h") Duration purgeInterval) {
    }

    /**
     * @param retries attempts after the first before a failing record goes to its dead-letter topic
     *                (records that can never be read go there at once)
     */
    public record DeadLetter(
            @DefaultValue("4") int retries,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff) {
    }
}
