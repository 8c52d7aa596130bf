package io.sagaengine.contracts;

import io.sagaengine.contracts.inventory.InventoryParticipant;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessageCatalogTest {

    private final MessageCatalog catalog = MessageCatalog.standard();

    @Test
    void describesACommand() {
        MessageDescriptor d = catalog.describe(ChargePayment.class);

        assertThat(d).isEqualTo(new MessageDescriptor(
                "ChargePayment", 1, MessageKind.COMMAND, "payment.commands", ChargePayment.class, false));
    }

    @Test
    void describesAReplyAndAMessageInstance() {
        MessageDescriptor d = catalog.describe((Object) new ShipmentScheduled(Samples.REQUEST_ID, "o-1", "TRK"));

        assertThat(d.name()).isEqualTo("ShipmentScheduled");
        assertThat(d.kind()).isEqualTo(MessageKind.REPLY);
        assertThat(d.topic()).isEqualTo("shipping.replies");
        assertThat(d.compensation()).isFalse();
    }

    @Test
    void flagsExactlyTheCompensations() {
        List<Class<?>> compensations = types(catalog.all().stream().filter(MessageDescriptor::compensation).toList());

        assertThat(compensations)
                .containsExactlyInAnyOrder(RefundPayment.class, ReleaseInventory.class, CancelShipment.class);
        assertThat(catalog.describe(ReleaseInventory.class).topic()).isEqualTo("inventory.commands");
    }

    @Test
    void knowsEveryMessageTypeOnce() {
        assertThat(catalog.all()).hasSize(15);
        assertThat(types(catalog.all()))
                .containsExactlyInAnyOrderElementsOf(Samples.all().stream().<Class<?>>map(Object::getClass).toList());
        for (MessageDescriptor d : catalog.all()) {
            assertThat(d.name()).isEqualTo(d.javaType().getSimpleName());
            assertThat(d.schemaVersion()).isEqualTo(1);
            assertThat(catalog.byName(d.name())).contains(d);
            Class<?> expectedInterface = d.kind() == MessageKind.COMMAND ? Command.class : Reply.class;
            assertThat(d.javaType()).isAssignableTo(expectedInterface);
            assertThat(d.javaType().isRecord()).isTrue();
        }
    }

    @Test
    void looksUpByName() {
        assertThat(catalog.byName("PaymentDeclined")).map(MessageDescriptor::javaType).contains(PaymentDeclined.class);
        assertThat(catalog.byName("Foo")).isEmpty();
        assertThat(catalog.byName(null)).isEmpty();
    }

    @Test
    void listsSupportedVersions() {
        assertThat(catalog.supportedVersions("InventoryUnavailable")).containsExactly(1);
        assertThat(catalog.supportedVersions("Foo")).isEmpty();
        assertThat(catalog.isSupported("InventoryUnavailable", 1)).isTrue();
        assertThat(catalog.isSupported("InventoryUnavailable", 2)).isFalse();
    }

    @Test
    void groupsByTopic() {
        assertThat(catalog.onTopic(Topics.INVENTORY_REPLIES)).extracting(MessageDescriptor::name)
                .containsExactlyInAnyOrder("InventoryReserved", "InventoryUnavailable", "InventoryReleased");
        assertThat(catalog.onTopic("nope")).isEmpty();
    }

    @Test
    void rejectsNonMessages() {
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.describe(String.class));
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.describe((Object) "text"));
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.describe((Object) null));
    }

    @Test
    void messagesDescribeThemselves() {
        InventoryUnavailable reply = new InventoryUnavailable(Samples.REQUEST_ID, "o-1", "UNKNOWN_SKU", List.of());

        assertThat(reply.messageType()).isEqualTo("InventoryUnavailable");
        assertThat(reply.descriptor().topic()).isEqualTo(InventoryParticipant.REPLY_TOPIC);
    }

    @Test
    void agreesWithTheParticipants() {
        assertParticipant(PaymentParticipant.COMMAND_TOPIC, PaymentParticipant.REPLY_TOPIC,
                PaymentParticipant.commandTypes(), PaymentParticipant.replyTypes());
        assertParticipant(InventoryParticipant.COMMAND_TOPIC, InventoryParticipant.REPLY_TOPIC,
                InventoryParticipant.commandTypes(), InventoryParticipant.replyTypes());
        assertParticipant(ShippingParticipant.COMMAND_TOPIC, ShippingParticipant.REPLY_TOPIC,
                ShippingParticipant.commandTypes(), ShippingParticipant.replyTypes());
    }

    private void assertParticipant(String commandTopic, String replyTopic,
                                   List<? extends Class<?>> commands, List<? extends Class<?>> replies) {
        assertThat(types(catalog.onTopic(commandTopic))).containsExactlyInAnyOrderElementsOf(commands);
        assertThat(types(catalog.onTopic(replyTopic))).containsExactlyInAnyOrderElementsOf(replies);
        commands.forEach(c -> assertThat(catalog.describe(c).kind()).isEqualTo(MessageKind.COMMAND));
        replies.forEach(r -> assertThat(catalog.describe(r).kind()).isEqualTo(MessageKind.REPLY));
    }

    private static List<Class<?>> types(List<MessageDescriptor> descriptors) {
        return descriptors.stream().<Class<?>>map(MessageDescriptor::javaType).toList();
    }
}
