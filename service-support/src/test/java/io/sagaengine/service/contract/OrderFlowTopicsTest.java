package io.sagaengine.service.contract;

import io.sagaengine.contracts.OrderFlowMessages;
import io.sagaengine.contracts.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderFlowTopicsTest {

    @Test
    void theOrderFlowsTopicsAreDeclaredByItsMessageSet() {
        OrderFlowMessages flow = new OrderFlowMessages();
        assertThat(flow.commandTopics()).containsExactly(Topics.PAYMENT_COMMANDS, Topics.INVENTORY_COMMANDS,
                Topics.SHIPPING_COMMANDS);
        assertThat(flow.replyTopics()).containsExactly(Topics.PAYMENT_REPLIES, Topics.INVENTORY_REPLIES,
                Topics.SHIPPING_REPLIES);
        assertThat(flow.topics()).hasSize(6).containsAll(flow.commandTopics()).containsAll(flow.replyTopics());
    }
}
