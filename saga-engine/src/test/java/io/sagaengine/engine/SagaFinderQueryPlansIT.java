package io.sagaengine.engine;

import io.sagaengine.testsupport.RealServers;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finder's listing and count query plans (the admin API's listing and bulk count) on the real PostgreSQL with
 * the engine's schema and 60,000 sagas (analyzed): every criterion support staff narrow by (status, type, stuck,
 * stuck kind, step) reads an index, never the whole saga table; and a count stops at the cap however many sagas
 * match.
 */
class SagaFinderQueryPlansIT {

    private static final int SAGAS = 60_000;
    /** A count cap small against the sagas written. */
    private static final int COUNT_CAP = 5_000;
    private static JdbcTemplate jdbc;
    private static JdbcSagaFinder finder;

    @BeforeAll
    static void sagas() {
        RealServers servers = RealServers.shared();
        var dataSource = new DriverManagerDataSource(servers.createDatabase("admin_query_plans_it"),
                servers.username(), servers.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/saga-engine")
                .table("saga_engine_schema_history").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.update("TRUNCATE saga_instance, saga_history");
        // 40 types; 95 % completed, 3 % running, 1 % compensating, 1 % needing attention (half of them parked
        // at payment); the unfinished ones stand at payment or shipment
        jdbc.update("""
                INSERT INTO saga_instance (id, type, status, state, parked_state, data, steps, version, started_at,
                                           updated_at, progressed_at)
                SELECT gen_random_uuid(), 'type-' || (i % 40), status,
                       CASE WHEN status IN ('COMPLETED', 'COMPENSATED') THEN status
                            WHEN status = 'NEEDS_ATTENTION' THEN 'NEEDS_ATTENTION'
                            WHEN i % 2 = 0 THEN 'payment' ELSE 'shipment' END,
                       CASE WHEN status = 'NEEDS_ATTENTION' THEN 'payment.compensating' END,
                       jsonb_build_object('orderId', 'o-' || i), '[]'::jsonb, 3, at, at, at
                  FROM (SELECT i, now() - make_interval(secs => ? - i) AS at,
                               CASE WHEN i % 100 < 95 THEN 'COMPLETED' WHEN i % 100 < 98 THEN 'RUNNING'
                                    WHEN i % 100 < 99 THEN 'COMPENSATING' ELSE 'NEEDS_ATTENTION' END AS status
                          FROM generate_series(1, ?) i) sagas""", SAGAS, SAGAS);
        jdbc.execute("ANALYZE saga_instance");
        jdbc.execute("ANALYZE saga_history");
        finder = new JdbcSagaFinder(jdbc, Set.of());
    }

    @Test
    void everyNarrowingFilterReadsAnIndexForItsPageAndItsCount() {
        List<SagaCriteria> filters = List.of(
                filter(SagaStatus.RUNNING, null, false, null, null),
                filter(null, "type-7", false, null, null),
                filter(SagaStatus.COMPLETED, "type-7", false, null, null),
                filter(null, null, true, null, null),
                filter(null, "type-7", true, null, null),
                filter(null, null, false, SagaCriteria.StuckKind.NO_PROGRESS, null),
                filter(null, null, false, SagaCriteria.StuckKind.PARKED, null),
                filter(null, null, false, null, "payment"),
                filter(null, "type-7", false, SagaCriteria.StuckKind.NEEDS_ATTENTION, "payment"));
        for (SagaCriteria filter : filters) {
            assertThat(plan(finder.pageQuery(filter, 50, null))).as("the page of %s", filter)
                    .doesNotContain("Seq Scan on saga_instance");
            assertThat(plan(finder.countQuery(filter, COUNT_CAP))).as("the count of %s", filter)
                    .doesNotContain("Seq Scan on saga_instance");
        }
    }

    @Test
    void aMigrationsCriterionTakesOnlySagasOfItsTypeOnItsDefinitionVersion() {
        // running sagas are those with i % 100 in 95..97; type-15 has i % 100 = 95 among them
        SagaCriteria running = filter(SagaStatus.RUNNING, null, false, null, null);
        long runningOfType15 = finder.count(filter(SagaStatus.RUNNING, "type-15", false, null, null), SAGAS).counted();

        assertThat(runningOfType15).isPositive();
        assertThat(finder.count(running.onVersion("type-15", 1), SAGAS).counted()).isEqualTo(runningOfType15);
        assertThat(finder.count(running.onVersion("type-15", 2), SAGAS).counted()).as("every saga is on version 1")
                .isZero();
        assertThat(finder.find(running.onVersion("type-15", 2), 50, null).items()).isEmpty();
        assertThat(plan(finder.countQuery(running.onVersion("type-15", 1), COUNT_CAP)))
                .doesNotContain("Seq Scan on saga_instance");
    }

    @Test
    void aCountStopsAtTheCapAndSaysAtLeast() {
        SagaCount completed = finder.count(filter(SagaStatus.COMPLETED, null, false, null, null), COUNT_CAP);
        SagaCount running = finder.count(filter(SagaStatus.RUNNING, null, false, null, null), COUNT_CAP);

        assertThat(completed).isEqualTo(new SagaCount(COUNT_CAP, true));
        assertThat(plan(finder.countQuery(filter(SagaStatus.COMPLETED, null, false, null, null), COUNT_CAP)))
                .as("the count reads at most the cap and one more").contains("Limit");
        assertThat(running).as("below the cap: exact").isEqualTo(new SagaCount(SAGAS * 3 / 100, false));
    }

    private static SagaCriteria filter(SagaStatus status, String type, boolean stuck, SagaCriteria.StuckKind kind,
                                       String step) {
        return new SagaCriteria(status, type, stuck, kind, Instant.now().minus(Duration.ofMinutes(5)), step, null,
                null, null, null);
    }

    private static String plan(JdbcSagaFinder.Query query) {
        return jdbc.queryForList("EXPLAIN " + query.sql(), String.class, query.args()).stream()
                .collect(Collectors.joining("\n"));
    }
}
