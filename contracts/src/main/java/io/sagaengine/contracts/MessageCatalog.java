package io.sagaengine.contracts;

import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingUnavailable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every message type of the contract, by name and by class. Immutable and thread-safe. */
public final class MessageCatalog {

    /** The schema version every message is written with today. */
    public static final int CURRENT_VERSION = 1;

    private static final MessageCatalog STANDARD = new MessageCatalog(List.of(
            command(ChargePayment.class, Topics.PAYMENT_COMMANDS),
            compensation(RefundPayment.class, Topics.PAYMENT_COMMANDS),
            reply(PaymentCharged.class, Topics.PAYMENT_REPLIES),
            reply(PaymentDeclined.class, Topics.PAYMENT_REPLIES),
            reply(PaymentRefunded.class, Topics.PAYMENT_REPLIES),

            command(ReserveInventory.class, Topics.INVENTORY_COMMANDS),
            compensation(ReleaseInventory.class, Topics.INVENTORY_COMMANDS),
            reply(InventoryReserved.class, Topics.INVENTORY_REPLIES),
            reply(InventoryUnavailable.class, Topics.INVENTORY_REPLIES),
            reply(InventoryReleased.class, Topics.INVENTORY_REPLIES),

            command(ScheduleShipment.class, Topics.SHIPPING_COMMANDS),
            compensation(CancelShipment.class, Topics.SHIPPING_COMMANDS),
            reply(ShipmentScheduled.class, Topics.SHIPPING_REPLIES),
            reply(ShippingUnavailable.class, Topics.SHIPPING_REPLIES),
            reply(ShipmentCancelled.class, Topics.SHIPPING_REPLIES)));

    private final Map<String, MessageDescriptor> byName = new LinkedHashMap<>();
    private final Map<Class<?>, MessageDescriptor> byType = new LinkedHashMap<>();

    private MessageCatalog(List<MessageDescriptor> descriptors) {
        for (MessageDescriptor d : descriptors) {
            if (byName.put(d.name(), d) != null || byType.put(d.javaType(), d) != null) {
                throw new IllegalStateException("duplicate message type " + d.name());
            }
        }
    }

    public static MessageCatalog standard() {
        return STANDARD;
    }

    /** @throws IllegalArgumentException if {@code type} is not a contract message */
    public MessageDescriptor describe(Class<?> type) {
        MessageDescriptor d = byType.get(type);
        if (d == null) {
            throw new IllegalArgumentException("not a contract message type: " + (type == null ? null : type.getName()));
        }
        return d;
    }

    /** @throws IllegalArgumentException if {@code message} is not a contract message */
    public MessageDescriptor describe(Object message) {
        if (message == null) {
            throw new IllegalArgumentException("message is null");
        }
        return describe(message.getClass());
    }

    public Optional<MessageDescriptor> byName(String typeName) {
        return Optional.ofNullable(typeName == null ? null : byName.get(typeName));
    }

    /** The schema versions a consumer can read for {@code typeName}; empty for an unknown type. */
    public Set<Integer> supportedVersions(String typeName) {
        return byName(typeName).map(d -> Set.of(d.schemaVersion())).orElse(Set.of());
    }

    public boolean isSupported(String typeName, int schemaVersion) {
        return supportedVersions(typeName).contains(schemaVersion);
    }

    public List<MessageDescriptor> all() {
        return List.copyOf(byName.values());
    }

    /** The message types published to {@code topic}. */
    public List<MessageDescriptor> onTopic(String topic) {
        return byName.values().stream().filter(d -> d.topic().equals(topic)).toList();
    }

    private static MessageDescriptor command(Class<? extends Command> type, String topic) {
        return new MessageDescriptor(type.getSimpleName(), CURRENT_VERSION, MessageKind.COMMAND, topic, type, false);
    }

    private static MessageDescriptor compensation(Class<? extends Command> type, String topic) {
        return new MessageDescriptor(type.getSimpleName(), CURRENT_VERSION, MessageKind.COMMAND, topic, type, true);
    }

    private static MessageDescriptor reply(Class<? extends Reply> type, String topic) {
        return new MessageDescriptor(type.getSimpleName(), CURRENT_VERSION, MessageKind.REPLY, topic, type, false);
    }
}
