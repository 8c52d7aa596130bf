package io.sagaengine.engine;

import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelayState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** What the engine's deadlines read from the outbox relay: only a lost replication slot stops them. */
class OutboxPublishingTest {

    @Test
    void withoutARelayTheOutboxCountsAsPublishing() {
        assertThat(SagaEngineAutoConfiguration.outboxPublishing(new DefaultListableBeanFactory()
                .getBeanProvider(OutboxRelay.class)).publishing()).isTrue();
    }

    @Test
    void onlyALostSlotStopsPublishingAndItIsReadAtEveryCheck() {
        OutboxRelay relay = mock(OutboxRelay.class);
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("outboxRelay", relay);
        OutboxPublishing publishing = SagaEngineAutoConfiguration.outboxPublishing(
                beans.getBeanProvider(OutboxRelay.class));

        for (RelayState state : RelayState.values()) {
            when(relay.state()).thenReturn(state);
            assertThat(publishing.publishing()).as("%s", state).isEqualTo(state != RelayState.SLOT_LOST);
        }
    }
}
