package io.sagaengine.outbox.relay;

import java.time.Duration;

/**
 * Decides what a leader does after its engine stopped with a failure: restart after a back-off that doubles
 * from one second up to a low cap (so the relay resumes within seconds once an outage ends), or step down
 * after too many failures in a row so a healthy standby can take over.
 *
 * <p>A run that delivered records, or that ran well past the send timeout, was healthy: its failure starts a
 * new count. A run that failed before delivering anything counts towards stepping down.
 */
final class RestartPolicy {

    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

    private final Duration maxBackoff;
    private final int stepDownAfter;
    private final Duration healthyRun;
    private Duration backoff = INITIAL_BACKOFF;
    private int failuresInARow;

    RestartPolicy(Duration maxBackoff, int stepDownAfter, Duration healthyRun) {
        this.maxBackoff = maxBackoff;
        this.stepDownAfter = stepDownAfter;
        this.healthyRun = healthyRun;
    }

    static RestartPolicy of(RelaySettings settings) {
        Duration healthyRun = settings.sendTimeout().multipliedBy(2);
        return new RestartPolicy(settings.maxRestartBackoff(), settings.stepDownAfterFailures(),
                healthyRun.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : healthyRun);
    }

    /** What to do after a run that ended in a failure. */
    Decision failed(Duration ranFor, boolean delivered) {
        if (delivered || ranFor.compareTo(healthyRun) >= 0) {
            reset();
        }
        failuresInARow++;
        if (failuresInARow >= stepDownAfter) {
            reset();
            return Decision.STEP_DOWN;
        }
        return Decision.RESTART;
    }

    /** The wait before the next restart; each call doubles the following one, up to the cap. */
    Duration nextBackoff() {
        Duration current = backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
        return current;
    }

    /** A new term as leader, or a healthy run: forget earlier failures. */
    void reset() {
        backoff = INITIAL_BACKOFF;
        failuresInARow = 0;
    }

    int failuresInARow() {
        return failuresInARow;
    }

    enum Decision { RESTART, STEP_DOWN }
}
