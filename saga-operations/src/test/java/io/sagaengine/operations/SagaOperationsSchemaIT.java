package io.sagaengine.operations;

import io.sagaengine.testsupport.RealServers;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's own migrations on the real PostgreSQL: on an empty schema, and on an order database whose own V12
 * created the re-drive audit before operations became a library (the script kept byte for byte), with a re-drive
 * recorded by the old code.
 */
class SagaOperationsSchemaIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final SagaOperationsProperties.Schema SETTINGS =
            new SagaOperationsProperties.Schema(true, "saga_operations_schema_history");

    @Test
    void anEmptySchemaGetsTheAuditTable() {
        DataSource dataSource = freshDatabase("operations_schema_empty_it");
        new SagaOperationsSchema(dataSource, SETTINGS).afterPropertiesSet();

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(history(jdbc)).containsExactly("SQL 1");
        assertThat(jdbc.queryForObject("SELECT to_regclass('dead_letter_redrive_pending') IS NOT NULL",
                Boolean.class)).isTrue();
    }

    @Test
    void anOrderDatabaseThatRanItsV12UpgradesAndKeepsItsReDrives() {
        DataSource dataSource = freshDatabase("operations_schema_upgrade_it");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/legacy-order-application").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("""
                INSERT INTO dead_letter_redrive (dlt_topic, dlt_partition, dlt_offset, attempt, forced, actor, reason,
                    target_topic, record_headers, published_at)
                VALUES ('payment.replies.DLT', 0, 7, 1, false, 'olga', 'OPS-1', 'payment.replies', '[]'::jsonb, now())""");

        new SagaOperationsSchema(dataSource, SETTINGS).afterPropertiesSet();
        // a second instance starting on the same database
        new SagaOperationsSchema(dataSource, SETTINGS).afterPropertiesSet();

        assertThat(history(jdbc)).as("an empty baseline, then the library's V1 keeping the table there")
                .containsExactly("BASELINE 0", "SQL 1");
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank",
                String.class)).as("the application's history is left as the old code wrote it").containsExactly("12");
        assertThat(jdbc.queryForObject("SELECT actor FROM dead_letter_redrive WHERE dlt_offset = 7", String.class))
                .isEqualTo("olga");
    }

    private static DataSource freshDatabase(String name) {
        DataSource dataSource = new DriverManagerDataSource(SERVERS.createDatabase(name), SERVERS.username(),
                SERVERS.password());
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP SCHEMA public CASCADE");
        jdbc.execute("CREATE SCHEMA public");
        return dataSource;
    }

    private static List<String> history(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT type || ' ' || version FROM saga_operations_schema_history WHERE success "
                + "ORDER BY installed_rank", String.class);
    }
}
