package io.sagaengine.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.exponential(5, Duration.ofMillis(500), Duration.ofSeconds(3));

    @Test
    void theBackoffDoublesFromTheSecondSendUpToTheMaximum() {
        RetryPolicy noJitter = policy.withJitter(0);
        assertThat(noJitter.backoffBefore(1, 0.7)).isEqualTo(Duration.ZERO);
        assertThat(noJitter.backoffBefore(2, 0.7)).isEqualTo(Duration.ofMillis(500));
        assertThat(noJitter.backoffBefore(3, 0.7)).isEqualTo(Duration.ofMillis(1000));
        assertThat(noJitter.backoffBefore(4, 0.7)).isEqualTo(Duration.ofMillis(2000));
        assertThat(noJitter.backoffBefore(5, 0.7)).isEqualTo(Duration.ofMillis(3000));
        assertThat(noJitter.backoffBefore(60, 0.7)).isEqualTo(Duration.ofMillis(3000));
    }

    @Test
    void jitterShortensTheBackoffByUpToItsShare() {
        assertThat(policy.backoffBefore(3, 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoffBefore(3, 0.5)).isEqualTo(Duration.ofMillis(750));
        assertThat(policy.backoffBefore(3, 0.999999)).isBetween(Duration.ofMillis(500), Duration.ofMillis(501));
        assertThat(policy.withJitter(1.0).backoffBefore(3, 0.5)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void onceMeansASingleSend() {
        assertThat(RetryPolicy.once().maxAttempts()).isEqualTo(1);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> RetryPolicy.exponential(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.exponential(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.withMultiplier(0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
