package io.sagaengine.contracts;

import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryParticipant;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static io.sagaengine.contracts.Samples.ADDRESS;
import static io.sagaengine.contracts.Samples.LINES;
import static io.sagaengine.contracts.Samples.ORDER_ID;
import static io.sagaengine.contracts.Samples.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

class ParticipantsTest {

    @Test
    void refundUndoesTheChargeWithTheSameRequestId() {
        ChargePayment charge = PaymentParticipant.charge(REQUEST_ID, ORDER_ID, "alice", new BigDecimal("39.98"), "EUR");

        RefundPayment refund = PaymentParticipant.refund(charge);

        assertThat(refund).isEqualTo(new RefundPayment(REQUEST_ID, ORDER_ID, "alice", new BigDecimal("39.98"), "EUR"));
        assertThat(PaymentParticipant.COMMAND_TOPIC).isEqualTo(MessageCatalog.standard().describe(charge).topic());
    }

    @Test
    void releaseUndoesTheReservationWithTheSameRequestId() {
        ReserveInventory reserve = InventoryParticipant.reserve(REQUEST_ID, ORDER_ID, LINES);

        assertThat(InventoryParticipant.release(reserve)).isEqualTo(new ReleaseInventory(REQUEST_ID, ORDER_ID));
        assertThat(InventoryParticipant.REPLY_TOPIC).isEqualTo("inventory.replies");
    }

    @Test
    void cancelUndoesTheShipmentWithTheSameRequestId() {
        ScheduleShipment schedule = ShippingParticipant.schedule(REQUEST_ID, ORDER_ID, ADDRESS, LINES);

        assertThat(ShippingParticipant.cancel(schedule)).isEqualTo(new CancelShipment(REQUEST_ID, ORDER_ID));
        assertThat(ShippingParticipant.COMMAND_TOPIC).isEqualTo("shipping.commands");
    }

    @Test
    void commandsCopyTheirLines() {
        List<OrderLine> lines = new ArrayList<>(LINES);
        ReserveInventory reserve = InventoryParticipant.reserve(REQUEST_ID, ORDER_ID, lines);

        lines.clear();

        assertThat(reserve.lines()).hasSize(2);
    }

    @Test
    void linesKnowTheirTotal() {
        assertThat(LINES.get(0).total()).isEqualByComparingTo("39.98");
        assertThat(OrderLine.totalOf(LINES)).isEqualByComparingTo("44.98");
    }
}
