package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.ContractJson;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code orders} table. Writes run in the caller's transaction. */
@Repository
class OrderRepository {

    /** Two-key advisory locks keep clear of single-key locks taken elsewhere (the relay's, for one). */
    private static final int IDEMPOTENCY_LOCK_SPACE = 0x4f524452; // "ORDR"

    private static final String COLUMNS = """
            id, saga_id, status, reason, total, currency, tracking_number, idempotency_key, request_hash,
            version, created_at, updated_at""";

    private static final RowMapper<StoredOrder> ROW = (rs, i) -> new StoredOrder(
            rs.getObject("id", UUID.class),
            rs.getObject("saga_id", UUID.class),
            OrderStatus.valueOf(rs.getString("status")),
            rs.getString("reason"),
            rs.getBigDecimal("total"),
            rs.getString("currency"),
            rs.getString("tracking_number"),
            rs.getString("idempotency_key"),
            rs.getString("request_hash"),
            rs.getLong("version"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("updated_at", OffsetDateTime.class).toInstant());

    /** What an order's event tells of a change {@link #settle} made, read back by the update itself. */
    record Settled(long version, UUID sagaId, String customerId, BigDecimal total, String currency, Instant at) {
    }

    private static final RowMapper<Settled> SETTLED = (rs, i) -> new Settled(
            rs.getLong("version"),
            rs.getObject("saga_id", UUID.class),
            rs.getString("customer_id"),
            rs.getBigDecimal("total"),
            rs.getString("currency"),
            rs.getObject("updated_at", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new order; returns its version, which its entity tag is made of. */
    long insert(UUID id, UUID sagaId, NewOrder order, Optional<IdempotencyKey> key) {
        var json = ContractJson.standard().mapper();
        return jdbc.sql("""
                        INSERT INTO orders (id, saga_id, customer_id, status, total, currency, items, shipping_address,
                                            idempotency_key, request_hash)
                        VALUES (:id, :sagaId, :customerId, 'PENDING', :total, :currency, CAST(:items AS jsonb),
                                CAST(:address AS jsonb), :key, :hash)
                        RETURNING version""")
                .param("id", id)
                .param("sagaId", sagaId)
                .param("customerId", order.customerId())
                .param("total", order.total())
                .param("currency", order.currency())
                .param("items", json.writeValueAsString(order.lines()))
                .param("address", json.writeValueAsString(order.shippingAddress()))
                .param("key", key.map(IdempotencyKey::value).orElse(null))
                .param("hash", key.isPresent() ? order.fingerprint() : null)
                .query(Long.class).single();
    }

    Optional<StoredOrder> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ?").param(id).query(ROW).optional();
    }

    Optional<StoredOrder> findByIdempotencyKey(IdempotencyKey key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE idempotency_key = ?")
                .param(key.value()).query(ROW).optional();
    }

    /** The current version of each of these orders that exists. */
    Map<UUID, Long> versions(Collection<UUID> ids) {
        Map<UUID, Long> versions = new HashMap<>();
        if (ids.isEmpty()) {
            return versions;
        }
        jdbc.sql("SELECT id, version FROM orders WHERE id = ANY (?)")
                .param(new SqlArrayValue("uuid", ids.toArray()))
                .query(rs -> {
                    versions.put(rs.getObject("id", UUID.class), rs.getLong("version"));
                });
        return versions;
    }

    /** Deletes the orders of these sagas; returns their ids. */
    List<UUID> deleteBySagaIds(Collection<UUID> sagaIds) {
        if (sagaIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("DELETE FROM orders WHERE saga_id = ANY (?) RETURNING id")
                .param(new SqlArrayValue("uuid", sagaIds.toArray()))
                .query(UUID.class).list();
    }

    /**
     * Takes the transaction-scoped lock of an idempotency key without waiting.
     *
     * @return false when another transaction holds it (or, rarely, another key with the same hash)
     */
    boolean tryLock(IdempotencyKey key) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")
                .param(IDEMPOTENCY_LOCK_SPACE).param(key.value())
                .query(Boolean.class).single());
    }

    /**
     * Moves a PENDING order to its outcome.
     *
     * @return the order's new version and what its event tells; empty when the order is not (or no longer) PENDING
     */
    Optional<Settled> settle(UUID id, OrderStatus outcome, String reason, String trackingNumber) {
        return jdbc.sql("""
                        UPDATE orders
                           SET status = :status, reason = :reason, tracking_number = :tracking,
                               version = version + 1, updated_at = now()
                         WHERE id = :id AND status = 'PENDING'
                        RETURNING version, saga_id, customer_id, total, currency, updated_at""")
                .param("status", outcome.name())
                .param("reason", reason)
                .param("tracking", trackingNumber)
                .param("id", id)
                .query(SETTLED).optional();
    }

    /** Tells every instance listening on {@code channel}, once the transaction commits. */
    void notifyOnCommit(String channel, OrderChange change) {
        notifyOnCommit(channel, List.of(change));
    }

    /** Tells every instance listening on {@code channel} of these changes, in one round trip, once it commits. */
    void notifyOnCommit(String channel, List<OrderChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT pg_notify(?, payload) FROM unnest(?) AS payload")
                .param(channel)
                .param(new SqlArrayValue("text", changes.stream().map(OrderChange::payload).toArray()))
                .query().listOfRows();
    }
}
