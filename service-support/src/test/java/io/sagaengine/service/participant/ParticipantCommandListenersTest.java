package io.sagaengine.service.participant;

import io.sagaengine.outbox.listener.ListenerContainers;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParticipantCommandListenersTest {

    @Test
    void theCommandContainersStopAfterTheWatchdogThatWouldOtherwiseRestartThem() {
        int phase = new ParticipantCommandListeners(List.of()).getPhase();

        assertThat(phase).as("the phase of Spring Kafka's containers, below the watchdog's")
                .isEqualTo(AbstractMessageListenerContainer.DEFAULT_PHASE)
                .isEqualTo(ListenerContainers.PHASE);
    }
}
