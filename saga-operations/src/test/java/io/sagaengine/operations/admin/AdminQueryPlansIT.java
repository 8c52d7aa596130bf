package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.testsupport.RealServers;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin listing's and the bulk count's query plans on the real PostgreSQL with the engine's schema and 60,000
 * sagas (analyzed): every filter support staff narrow by (status, type, stuck, stuck kind, step) reads an index,
 * never the whole saga table; and a count stops at the cap however many sagas match.
 */
class AdminQueryPlansIT {

    private static final int SAGAS = 60_000;
    /** The admin settings with a count cap small against the sagas written. */
    private static final AdminReads.Settings SETTINGS = new AdminReads.Settings(Duration.ofSeconds(5),
            Duration.ofSeconds(5), 5_000);
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
        @SuppressWarnings({"unchecked", "rawtypes"})
        ObjectProvider<SagaDefinition<?>> noDefinitions =
                (ObjectProvider) new StaticListableBeanFactory().getBeanProvider(SagaDefinition.class);
        AdminReads reads = new AdminReads(dataSource, new DataSourceTransactionManager(dataSource), SETTINGS);
        finder = new JdbcSagaFinder(reads, new SagaTypesHere(noDefinitions), SETTINGS);
    }

    @Test
    void everyNarrowingFilterReadsAnIndexForItsPageAndItsCount() {
        List<SagaFilter> filters = List.of(
                filter(SagaStatus.RUNNING, null, false, null, null),
                filter(null, "type-7", false, null, null),
                filter(SagaStatus.COMPLETED, "type-7", false, null, null),
                filter(null, null, true, null, null),
                filter(null, "type-7", true, null, null),
                filter(null, null, false, StuckReason.Kind.NO_PROGRESS, null),
                filter(null, null, false, StuckReason.Kind.PARKED, null),
                filter(null, null, false, null, "payment"),
                filter(null, "type-7", false, StuckReason.Kind.NEEDS_ATTENTION, "payment"));
        Instant now = Instant.now();
        for (SagaFilter filter : filters) {
            assertThat(plan(finder.pageQuery(filter, now))).as("the page of %s", filter)
                    .doesNotContain("Seq Scan on saga_instance");
            assertThat(plan(finder.countQuery(filter, now))).as("the count of %s", filter)
                    .doesNotContain("Seq Scan on saga_instance");
        }
    }

    @Test
    void aCountStopsAtTheCapAndSaysAtLeast() {
        Instant now = Instant.now();

        JdbcSagaFinder.Count completed = finder.count(filter(SagaStatus.COMPLETED, null, false, null, null), now);
        JdbcSagaFinder.Count running = finder.count(filter(SagaStatus.RUNNING, null, false, null, null), now);

        assertThat(completed).isEqualTo(new JdbcSagaFinder.Count(5_000, true));
        assertThat(plan(finder.countQuery(filter(SagaStatus.COMPLETED, null, false, null, null), now)))
                .as("the count reads at most the cap and one more").contains("Limit");
        assertThat(running).as("below the cap: exact").isEqualTo(new JdbcSagaFinder.Count(SAGAS * 3 / 100, false));
    }

    private static SagaFilter filter(SagaStatus status, String type, boolean stuck, StuckReason.Kind kind,
                                     String step) {
        return new SagaFilter(status, type, stuck, kind, Duration.ofMinutes(5), step, null, null, null, null, 50,
                null);
    }

    private static String plan(JdbcSagaFinder.Query query) {
        return jdbc.queryForList("EXPLAIN " + query.sql(), String.class, query.args()).stream()
                .collect(Collectors.joining("\n"));
    }
}
