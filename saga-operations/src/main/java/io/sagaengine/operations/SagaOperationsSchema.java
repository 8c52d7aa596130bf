package io.sagaengine.operations;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

import javax.sql.DataSource;

/**
 * Migrates the operations library's tables with a Flyway of its own: scripts in {@value #LOCATION}, history in a
 * table of its own, so its versions never collide with the application's or the engine's migrations.
 *
 * <p>A database where the order application created the re-drive audit with its own migration (its V12, before
 * operations became a library) has no history of the library yet: the library starts from an empty baseline and
 * its V1 keeps the table that is there. The application's history keeps its row, so older code still starts on the
 * same database.
 */
public final class SagaOperationsSchema implements InitializingBean {

    static final String LOCATION = "classpath:db/saga-operations";

    private final DataSource dataSource;
    private final SagaOperationsProperties.Schema settings;

    SagaOperationsSchema(DataSource dataSource, SagaOperationsProperties.Schema settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.migrate()) {
            // a baseline applies only to a schema that is not empty and has no history of the library yet; Flyway
            // holds a lock on the database while it migrates, so two instances starting together do not both apply
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .table(settings.historyTable())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .baselineDescription("saga operations: before its first version")
                    .load()
                    .migrate();
        }
    }
}
