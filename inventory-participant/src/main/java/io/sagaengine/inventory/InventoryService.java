package io.sagaengine.inventory;

import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReply;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.service.participant.requests.ParticipantRequests;
import io.sagaengine.service.participant.requests.Requests;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Reserves an order's lines, every one or none, and releases them. {@link Requests} runs each at most once per
 * requestId, inside the command's transaction; both lock their stock rows in SKU order.
 */
@Service
class InventoryService {

    static final String ORDER_ALREADY_RESERVED = "ORDER_ALREADY_RESERVED";

    private final Requests<ReservationOutcome> requests;
    private final StockRepository stock;
    private final ReservationRepository reservations;

    InventoryService(ParticipantRequests requests, StockRepository stock, ReservationRepository reservations) {
        this.requests = requests.of(ReservationOutcome.class);
        this.stock = stock;
        this.reservations = reservations;
    }

    InventoryReply reserve(ReserveInventory command) {
        return requests.forward(command, () -> reserveOrRefuse(command))
                .reply(outcome -> outcome.reply(command), () -> new InventoryUnavailable(command.requestId(),
                        command.orderId(), InventoryUnavailable.ALREADY_COMPENSATED, List.of()));
    }

    InventoryReply release(ReleaseInventory command) {
        requests.compensate(command, outcome -> {
            if (outcome instanceof ReservationOutcome.Reserved) {
                List<Reservation.Line> lines = reservations.lines(command.requestId());
                stock.lockAvailable(lines.stream().map(Reservation.Line::sku).toList());
                lines.forEach(line -> stock.reserve(line.sku(), -line.quantity()));
                reservations.markReleased(command.requestId());
            }
        });
        return new InventoryReleased(command.requestId(), command.orderId());
    }

    private ReservationOutcome reserveOrRefuse(ReserveInventory command) {
        SortedMap<String, Integer> requested = Allocation.requested(command.lines());
        Map<String, Integer> available = requested == null ? Map.of() : stock.lockAvailable(requested.keySet());
        Allocation allocation = reservations.hasReservationInForce(command.orderId())
                ? new Allocation.Unavailable(ORDER_ALREADY_RESERVED, List.of())
                : Allocation.plan(requested, available);
        if (allocation instanceof Allocation.Unavailable unavailable) {
            return new ReservationOutcome.Unavailable(unavailable.reason(), unavailable.skus());
        }
        SortedMap<String, Integer> quantities = ((Allocation.Reserve) allocation).quantities();
        reservations.insert(command.requestId(), command.orderId(), quantities);
        quantities.forEach(stock::reserve);
        return new ReservationOutcome.Reserved();
    }
}
