package io.sagaengine.service.participant.requests;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * Migrates the {@code participant_request} table just before the service's own migrations, with a schema history
 * table of its own ({@value #HISTORY_TABLE}).
 *
 * <p>Why not simply another location in the service's history: its versions would have to fit between the service's
 * own. Below them (like the outbox's 0.x), a database that already has the service's V1 refuses a new 0.2 as
 * "resolved but not applied"; above them, they would collide with the service's next version. A history of its own
 * cannot collide with anything, and running first lets a service's own migration move its old bookkeeping into the
 * table.
 */
final class RequestTableMigration implements Callback {

    static final String LOCATION = "classpath:db/participant-requests";
    static final String HISTORY_TABLE = "participant_request_schema_history";

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Configuration service = context.getConfiguration();
        Flyway.configure(service.getClassLoader())
                .dataSource(service.getDataSource())
                .schemas(service.getSchemas())
                .defaultSchema(service.getDefaultSchema())
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                // a database that already holds the service's tables: start this history before version 1
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Override
    public String getCallbackName() {
        return "participant-requests";
    }
}
