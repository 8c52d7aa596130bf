package io.sagaengine.inventory;

import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReply;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Reservations and releases, exactly once per requestId. Runs inside the command's transaction.
 *
 * <p>Every requestId gets one row in {@code reservation} (primary key), which is both the effect's record and the
 * outcome a re-sent command is answered from. Lock order, so concurrent commands cannot deadlock: a reservation locks
 * its stock rows in SKU order, then inserts its row; a release locks its row, then the stock rows in SKU order.
 */
@Service
class InventoryService {

    static final String ORDER_ALREADY_RESERVED = "ORDER_ALREADY_RESERVED";

    private final StockRepository stock;
    private final ReservationRepository reservations;

    InventoryService(StockRepository stock, ReservationRepository reservations) {
        this.stock = stock;
        this.reservations = reservations;
    }

    InventoryReply reserve(ReserveInventory command) {
        Optional<Reservation> recorded = reservations.find(command.requestId());
        if (recorded.isPresent()) {
            return replyToReserve(recorded.get());
        }
        SortedMap<String, Integer> requested = Allocation.requested(command.lines());
        Map<String, Integer> available = requested == null ? Map.of() : stock.lockAvailable(requested.keySet());
        // a concurrent reservation of the same requestId held the same stock locks until it committed
        recorded = reservations.find(command.requestId());
        if (recorded.isPresent()) {
            return replyToReserve(recorded.get());
        }
        Allocation allocation = reservations.hasActiveReservationOtherThan(command.orderId(), command.requestId())
                ? new Allocation.Unavailable(ORDER_ALREADY_RESERVED, List.of())
                : Allocation.plan(requested, available);
        if (allocation instanceof Allocation.Reserve reserve) {
            if (!reservations.insert(command.requestId(), command.orderId(), ReservationStatus.RESERVED, null,
                    List.of())) {
                return replyToReserve(reservations.find(command.requestId()).orElseThrow());
            }
            reservations.insertLines(command.requestId(), reserve.quantities());
            reserve.quantities().forEach(stock::reserve);
            return new InventoryReserved(command.requestId(), command.orderId());
        }
        Allocation.Unavailable unavailable = (Allocation.Unavailable) allocation;
        if (!reservations.insert(command.requestId(), command.orderId(), ReservationStatus.UNAVAILABLE,
                unavailable.reason(), unavailable.skus())) {
            return replyToReserve(reservations.find(command.requestId()).orElseThrow());
        }
        return new InventoryUnavailable(command.requestId(), command.orderId(), unavailable.reason(),
                unavailable.skus());
    }

    InventoryReply release(ReleaseInventory command) {
        Optional<Reservation> recorded = reservations.lock(command.requestId());
        if (recorded.isEmpty()) {
            if (reservations.insert(command.requestId(), command.orderId(),
                    ReservationStatus.COMPENSATED_BEFORE_EXECUTION, null, List.of())) {
                return new InventoryReleased(command.requestId(), command.orderId());
            }
            // the reservation of this requestId committed meanwhile
            recorded = reservations.lock(command.requestId());
        }
        Reservation reservation = recorded.orElseThrow();
        if (reservation.status() == ReservationStatus.RESERVED) {
            List<Reservation.Line> lines = reservations.lines(reservation.requestId());
            stock.lockAvailable(lines.stream().map(Reservation.Line::sku).toList());
            lines.forEach(line -> stock.reserve(line.sku(), -line.quantity()));
            reservations.markReleased(reservation.requestId());
        }
        return new InventoryReleased(command.requestId(), reservation.orderId());
    }

    private static InventoryReply replyToReserve(Reservation reservation) {
        return switch (reservation.status()) {
            case RESERVED, RELEASED -> new InventoryReserved(reservation.requestId(), reservation.orderId());
            case UNAVAILABLE -> new InventoryUnavailable(reservation.requestId(), reservation.orderId(),
                    reservation.reason(), reservation.skus());
            case COMPENSATED_BEFORE_EXECUTION -> new InventoryUnavailable(reservation.requestId(),
                    reservation.orderId(), InventoryUnavailable.ALREADY_COMPENSATED, List.of());
        };
    }
}
