package io.sagaengine.inventory;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.sagaengine.contracts.inventory.InventoryReply;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReserveInventory;

import java.util.List;

/** What a reservation decided for its requestId, recorded so a re-sent reservation gets the same answer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ReservationOutcome.Reserved.class, name = "RESERVED"),
        @JsonSubTypes.Type(value = ReservationOutcome.Unavailable.class, name = "UNAVAILABLE")})
sealed interface ReservationOutcome {

    InventoryReply reply(ReserveInventory command);

    /** Every line was reserved; the reservation itself is the {@code reservation} row of the requestId. */
    record Reserved() implements ReservationOutcome {

        @Override
        public InventoryReply reply(ReserveInventory command) {
            return new InventoryReserved(command.requestId(), command.orderId());
        }
    }

    /** Nothing was reserved; {@code skus} are the lines that could not be served. */
    record Unavailable(String reason, List<String> skus) implements ReservationOutcome {

        @Override
        public InventoryReply reply(ReserveInventory command) {
            return new InventoryUnavailable(command.requestId(), command.orderId(), reason, skus);
        }
    }
}
