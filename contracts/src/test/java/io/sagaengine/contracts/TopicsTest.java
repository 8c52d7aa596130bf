package io.sagaengine.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void namesTheTopics() {
        assertThat(Topics.PAYMENT_COMMANDS).isEqualTo("payment.commands");
        assertThat(Topics.INVENTORY_COMMANDS).isEqualTo("inventory.commands");
        assertThat(Topics.SHIPPING_COMMANDS).isEqualTo("shipping.commands");
        assertThat(Topics.PAYMENT_REPLIES).isEqualTo("payment.replies");
        assertThat(Topics.INVENTORY_REPLIES).isEqualTo("inventory.replies");
        assertThat(Topics.SHIPPING_REPLIES).isEqualTo("shipping.replies");
        assertThat(Topics.ORDER_EVENTS).isEqualTo("order.events");
    }
}
