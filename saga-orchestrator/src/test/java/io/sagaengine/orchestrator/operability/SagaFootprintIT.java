package io.sagaengine.orchestrator.operability;

import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a saga costs in the orchestrator's database, and that the retention gives it back: places
 * {@code -Dfootprint.sagas} orders (200 by default) that complete, prints the growth of every table
 * ({@code pg_total_relation_size}: heap, indexes and TOAST) per saga and per day at 100 sagas/s, then ages them past
 * the retention and checks that the purge deletes every one with its history and its order.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-footprint-it",
                "saga.engine.retention.purge-interval=500ms"})
class SagaFootprintIT extends OrchestratorWithPlayedParticipants {

    private static final List<String> TABLES = List.of("orders", "saga_instance", "saga_history", "outbox", "inbox",
            "saga_reply_frontier", "dead_letter_redrive");
    private static final long SAGAS_PER_DAY = 100L * 86_400;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_footprint_it");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void printsTheBytesEachSagaAddsAndThePurgeDeletesThemAll() throws Exception {
        int sagas = Integer.getInteger("footprint.sagas", 200);
        Map<String, Long> before = sizes();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < sagas; i++) {
            Placed placed = orchestrator.placeOrder();
            participants.answerAll(List.of(placed.sagaId()));
            ids.add(placed.sagaId());
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> finished(ids) == sagas);
        Map<String, Long> after = sizes();

        long total = 0;
        System.out.printf(Locale.ROOT, "[footprint] %d completed order sagas%n", sagas);
        System.out.printf(Locale.ROOT, "[footprint] %-20s %12s %10s %12s%n", "table", "bytes added", "per saga",
                "GB per day");
        for (String table : TABLES) {
            long added = after.get(table) - before.get(table);
            total += added;
            print(table, added, sagas);
        }
        print("total", total, sagas);
        assertThat(total).as("the sagas took space").isPositive();

        jdbc.update("UPDATE saga_instance SET progressed_at = now() - interval '8 days' WHERE id = ANY (?::uuid[])",
                (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
        await().atMost(Duration.ofMinutes(2)).until(() -> rows("saga_instance", "id", ids) == 0);
        assertThat(rows("saga_history", "saga_id", ids)).isZero();
        assertThat(rows("orders", "saga_id", ids)).isZero();
    }

    private static void print(String table, long added, int sagas) {
        double perSaga = (double) added / sagas;
        System.out.printf(Locale.ROOT, "[footprint] %-20s %12d %10.0f %12.2f%n", table, added, perSaga,
                perSaga * SAGAS_PER_DAY / 1e9);
    }

    private Map<String, Long> sizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String table : TABLES) {
            sizes.put(table, jdbc.queryForObject("SELECT pg_total_relation_size(?::regclass)", Long.class, table));
        }
        return sizes;
    }

    private long finished(List<UUID> ids) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED' "
                + "AND id = ANY (?::uuid[])", Long.class, (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
        return n == null ? 0 : n;
    }

    private long rows(String table, String column, List<UUID> ids) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + column + " = ANY (?::uuid[])",
                Long.class, (Object) ids.stream().map(UUID::toString).toArray(String[]::new));
        return n == null ? 0 : n;
    }
}
