package io.sagaengine.operations.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the dead-letter admin API and gauge ({@code saga.dead-letters.*}).
 *
 * @param readTimeout      how long one read of a dead-letter topic (a page, a record, its offsets) may take
 * @param maxScanned       how many records one listing or bulk re-drive reads at most to find its matches
 * @param publishTimeout   how long a re-drive waits for Kafka's acknowledgement before it answers PENDING
 * @param gaugeInterval    how often {@code saga_dead_letters} is recounted
 * @param recoveryGrace    how old a pending re-drive must be before the recovery publishes it (longer than
 *                         {@code publishTimeout}, so a request still waiting is left alone)
 * @param recoveryInterval how often pending re-drives are looked for
 * @param redriveRetention how long the audit of a published re-drive is kept at least; it is kept longer while
 *                         its dead-letter topic still holds the record (so a record is still re-driven once only and
 *                         the gauge still leaves it out); zero keeps the audit forever
 * @param redrivePurgeInterval how often re-drives past their retention are deleted
 */
@ConfigurationProperties("saga.dead-letters")
public record DeadLetterProperties(
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue("5000") int maxScanned,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("30s") Duration gaugeInterval,
        @DefaultValue("2m") Duration recoveryGrace,
        @DefaultValue("30s") Duration recoveryInterval,
        @DefaultValue("30d") Duration redriveRetention,
        @DefaultValue("1h") Duration redrivePurgeInterval) {

    public DeadLetterProperties {
        for (Duration positive : new Duration[] {readTimeout, publishTimeout, gaugeInterval, recoveryInterval,
                redrivePurgeInterval}) {
            if (positive.isNegative() || positive.isZero()) {
                throw new IllegalArgumentException("saga.dead-letters: every timeout and interval must be positive");
            }
        }
        if (redriveRetention.isNegative()) {
            throw new IllegalArgumentException("saga.dead-letters.redrive-retention must not be negative");
        }
        if (maxScanned < 1) {
            throw new IllegalArgumentException("saga.dead-letters.max-scanned must be at least 1");
        }
        if (recoveryGrace.compareTo(publishTimeout.plusSeconds(1)) <= 0) {
            throw new IllegalArgumentException("saga.dead-letters.recovery-grace must be longer than publish-timeout "
                    + "plus a second, or the recovery may publish a re-drive its request is still waiting for");
        }
    }
}
