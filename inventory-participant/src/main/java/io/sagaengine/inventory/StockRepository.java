package io.sagaengine.inventory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

@Repository
class StockRepository {

    private static final RowMapper<Stock> ROW = (rs, i) ->
            new Stock(rs.getString("sku"), rs.getInt("available"), rs.getInt("reserved"));

    private final JdbcTemplate jdbc;

    StockRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stock> find(String sku) {
        return jdbc.query("SELECT * FROM stock WHERE sku = ?", ROW, sku).stream().findFirst();
    }

    /** Locks the rows of the SKUs that exist, in SKU order (one order for everyone, so no deadlocks). */
    Map<String, Integer> lockAvailable(Collection<String> skus) {
        Map<String, Integer> available = new LinkedHashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT sku, available FROM stock WHERE sku = ANY (?) ORDER BY sku FOR UPDATE");
            ps.setArray(1, con.createArrayOf("varchar", skus.toArray()));
            return ps;
        }, rs -> {
            available.put(rs.getString("sku"), rs.getInt("available"));
        });
        return available;
    }

    /** Moves {@code quantity} from available to reserved (negative: back). The CHECK constraints keep both >= 0. */
    void reserve(String sku, int quantity) {
        jdbc.update("""
                UPDATE stock SET available = available - ?, reserved = reserved + ?, updated_at = now()
                WHERE sku = ?""", quantity, quantity, sku);
    }

    Stock setAvailable(String sku, int available) {
        return jdbc.queryForObject("""
                INSERT INTO stock (sku, available) VALUES (?, ?)
                ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, updated_at = now()
                RETURNING *""", ROW, sku, available);
    }

    /** @return true if the SKU was new */
    boolean seed(String sku, int available) {
        return jdbc.update("INSERT INTO stock (sku, available) VALUES (?, ?) ON CONFLICT (sku) DO NOTHING",
                sku, available) == 1;
    }
}
