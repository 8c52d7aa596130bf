package io.sagaengine.service.participant.requests;

import io.sagaengine.outbox.BoundedPurge;
import io.sagaengine.outbox.ScheduledPurge;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * How long a participant keeps the record of a request it handled ({@code saga.participant.requests.*}). The record
 * is what makes a redelivered command a no-op and what a late compensation undoes: once it is gone, a compensation
 * of that request is recorded as "before execution" and undoes nothing, and a redelivered command runs again. So
 * the retention must be longer than any saga can wait between a step and its compensation (a saga parked and then
 * compensated by an operator included) and than any redelivery.
 *
 * @param retention      how long after its last change a request's record is kept; zero keeps them forever
 * @param purgeInterval  pause between purge runs; a run deletes batch after batch, on one instance at a time
 * @param purgeBatchSize records deleted per transaction
 */
@ConfigurationProperties("saga.participant.requests")
record RequestRetention(@DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration purgeInterval,
                        @DefaultValue("1000") int purgeBatchSize) {

    RequestRetention {
        if (retention.isNegative() || purgeInterval.isNegative() || purgeInterval.isZero() || purgeBatchSize < 1) {
            throw new IllegalArgumentException("saga.participant.requests: retention >= 0, purge-interval > 0 and "
                    + "purge-batch-size >= 1 required");
        }
    }

    /**
     * Records of requests handled (never one still EXECUTING) whose last change is older than a number of seconds,
     * given twice; by the index on created_at, which is never later than the last change.
     */
    static final String PURGEABLE = "state <> 'EXECUTING' AND created_at < now() - make_interval(secs => ?) "
            + "AND greatest(created_at, executed_at, compensated_at) < now() - make_interval(secs => ?)";

    /** The purge, scheduled every {@code purgeInterval}; idle when the retention is zero. */
    ScheduledPurge purge(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, IntConsumer deleted) {
        BoundedPurge purge = new BoundedPurge("participant_request", "participant request records older than "
                + retention, "participant_request", PURGEABLE, purgeBatchSize, jdbc, transactionManager, deleted);
        double seconds = retention.toSeconds();
        return new ScheduledPurge("participant-request-purge", purge, purgeInterval, !retention.isZero(), seconds,
                seconds);
    }
}
