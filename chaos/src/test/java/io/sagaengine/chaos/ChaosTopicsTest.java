package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chaos suite takes the order flow's topics from its message set, each topic as the set declares it. */
class ChaosTopicsTest {

    @Test
    void theSuiteCopiesAndWatchesEveryTopicOfTheOrderFlow() {
        assertThat(RecordDuplicator.TOPICS).containsExactly("payment.commands", "payment.replies",
                "inventory.commands", "inventory.replies", "shipping.commands", "shipping.replies");
        assertThat(ListenerStop.REPLY_TOPICS).containsExactly("payment.replies", "inventory.replies",
                "shipping.replies");
    }

    @Test
    void poisonOnATopicImitatesTheFirstForwardMessageDeclaredOnIt() {
        assertThat(PoisonScenario.REAL_TYPES).isEqualTo(Map.of(
                "payment.commands", "ChargePayment", "inventory.commands", "ReserveInventory",
                "shipping.commands", "ScheduleShipment", "payment.replies", "PaymentCharged",
                "inventory.replies", "InventoryReserved", "shipping.replies", "ShipmentScheduled"));
    }

    @Test
    void deadLettersAreRecognisedByTheContractsSuffix() {
        assertThat(new Delivery("payment.replies.DLT", 0, 0, null, null, null, null, 0, false, "bad").deadLetter())
                .isTrue();
        assertThat(new Delivery("payment.replies", 0, 0, null, null, null, null, 0, false, null).deadLetter())
                .isFalse();
    }
}
