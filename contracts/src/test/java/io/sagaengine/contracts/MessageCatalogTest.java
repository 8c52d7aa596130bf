package io.sagaengine.contracts;

import io.sagaengine.contracts.inventory.InventoryParticipant;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
        assertThat(catalog.describe(reply).topic()).isEqualTo(InventoryParticipant.REPLY_TOPIC);
        assertThat(reply.businessKey()).as("the order flow's business key is the order id").isEqualTo("o-1");
    }

    @Test
    void aModuleRegistersItsOwnMessagesNextToTheOrderFlow() {
        MessageCatalog both = catalog.with(() -> List.of(MessageDescriptor.command(Ping.class, "ping.commands"),
                MessageDescriptor.reply(Pong.class, "ping.replies")));

        assertThat(both.describe(Ping.class)).isEqualTo(new MessageDescriptor(
                "Ping", 1, MessageKind.COMMAND, "ping.commands", Ping.class, false));
        assertThat(both.byName("Pong")).map(MessageDescriptor::topic).contains("ping.replies");
        assertThat(both.describe(ChargePayment.class).topic()).isEqualTo("payment.commands");
        assertThat(both.all()).hasSize(17);
        assertThatIllegalArgumentException().isThrownBy(() -> catalog.describe(Ping.class));
    }

    @Test
    void twoModulesCannotClaimOneName() {
        MessageSet clash = () -> List.of(MessageDescriptor.reply(Pong.class, "ping.replies"));
        MessageSet other = () -> List.of(MessageDescriptor.reply(Pong.class, "other.replies"));

        assertThatIllegalStateException().isThrownBy(() -> MessageCatalog.of(clash, other))
                .withMessageContaining("duplicate message type Pong");
        assertThat(MessageCatalog.of(clash, clash).all()).as("the same set twice is harmless").hasSize(1);
    }

    @Test
    void discoversTheSetsRegisteredOnTheClasspath() {
        assertThat(MessageCatalog.discovered().all()).containsAll(catalog.all());
    }

    @Test
    void theBusinessKeyIsNotWrittenToTheWire() {
        String json = ContractJson.standard().encode(new PaymentCharged(Samples.REQUEST_ID, "o-1", "ch-1"));

        assertThat(json).isEqualTo("{\"requestId\":\"" + Samples.REQUEST_ID + "\",\"orderId\":\"o-1\",\"chargeId\":\"ch-1\"}");
    }

    record Ping(UUID requestId, String tripId) implements Command {
        @Override
        public String businessKey() {
            return tripId;
        }
    }

    record Pong(UUID requestId, String tripId) implements Reply {
        @Override
        public String businessKey() {
            return tripId;
        }
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
