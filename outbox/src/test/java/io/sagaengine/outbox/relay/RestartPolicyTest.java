package io.sagaengine.outbox.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.sagaengine.outbox.relay.RestartPolicy.Decision.RESTART;
import static io.sagaengine.outbox.relay.RestartPolicy.Decision.STEP_DOWN;
import static org.assertj.core.api.Assertions.assertThat;

class RestartPolicyTest {

    private static final Duration SHORT = Duration.ofSeconds(3);

    @Test
    void theBackOffDoublesFromOneSecondUpToALowCap() {
        RestartPolicy policy = RestartPolicy.of(RelaySettings.forJdbcUrl("jdbc:postgresql://h/d", "u", "p"));

        assertThat(new Duration[] {policy.nextBackoff(), policy.nextBackoff(), policy.nextBackoff(), policy.nextBackoff(),
                policy.nextBackoff()}).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void aLeaderStepsDownAfterSoManyFailuresInARowThatDeliveredNothing() {
        RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(5), 3, Duration.ofMinutes(1));

        assertThat(policy.failed(SHORT, false)).isEqualTo(RESTART);
        assertThat(policy.failed(SHORT, false)).isEqualTo(RESTART);
        assertThat(policy.failed(SHORT, false)).isEqualTo(STEP_DOWN);
        assertThat(policy.failuresInARow()).as("a new term starts afresh").isZero();
        assertThat(policy.nextBackoff()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRunThatDeliveredOrRanLongStartsTheCountAgain() {
        RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(5), 3, Duration.ofMinutes(1));

        policy.failed(SHORT, false);
        policy.nextBackoff();
        policy.failed(SHORT, false);
        policy.nextBackoff();
        assertThat(policy.failed(SHORT, true)).as("this run delivered records").isEqualTo(RESTART);
        assertThat(policy.nextBackoff()).isEqualTo(Duration.ofSeconds(1));
        policy.failed(SHORT, false);
        assertThat(policy.failed(Duration.ofMinutes(2), false)).as("this run streamed for long").isEqualTo(RESTART);
        assertThat(policy.failuresInARow()).isEqualTo(1);
    }
}
