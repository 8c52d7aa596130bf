package io.sagaengine.engine;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

/**
 * Migrates the engine's tables with a Flyway of its own: scripts in {@value #LOCATION}, history in a table of its
 * own, so the engine's versions never collide with the application's migrations.
 *
 * <p>A database whose engine tables were created by the application's own migrations (the orchestrator kept them
 * in its {@code db/migration} before the engine became a library) has no engine history yet: the tables found are
 * adopted as the versions that created them (baseline), and only what is missing is applied. The application's
 * history keeps its old rows untouched, so older code still starts on the same database.
 */
final class SagaEngineSchema implements InitializingBean {

    static final String LOCATION = "classpath:db/saga-engine";

    /**
     * The engine's tables in the order of the versions that create them: version n creates the n-th. Later versions
     * change these tables; the application's migrations never did, so they are never adopted.
     */
    private static final List<String> TABLES_BY_VERSION = List.of("saga_instance", "saga_history",
            "saga_reply_frontier", "saga_held_reply");

    private final DataSource dataSource;
    private final SagaEngineProperties.Schema settings;

    SagaEngineSchema(DataSource dataSource, SagaEngineProperties.Schema settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.migrate()) {
            migrate();
        }
    }

    void migrate() {
        int adopted = versionsPresent();
        // a baseline applies only to a schema that is not empty and has no engine history yet; Flyway holds a
        // lock on the database while it migrates, so two instances starting together do not both apply a script
        Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(settings.historyTable())
                .baselineOnMigrate(true)
                .baselineVersion(Integer.toString(adopted))
                // the description goes into SQL as it is: no quotes
                .baselineDescription(adopted == 0 ? "saga engine: no tables yet"
                        : "saga engine tables adopted from the application migrations")
                .load()
                .migrate();
    }

    /** How many of the engine's versions are present already: the leading run of its tables that exist. */
    private int versionsPresent() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        int present = 0;
        for (String table : TABLES_BY_VERSION) {
            Boolean exists = jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table);
            if (!Boolean.TRUE.equals(exists)) {
                break;
            }
            present++;
        }
        return present;
    }
}
