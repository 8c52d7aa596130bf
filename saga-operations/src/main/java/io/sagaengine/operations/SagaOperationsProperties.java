package io.sagaengine.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operations library's own settings ({@code saga.operations.*}); each feature has its own as well
 * ({@code saga.admin.*}, {@code saga.dead-letters.*}, {@code saga.monitoring.*}).
 *
 * @param schema how the library's tables are migrated
 */
@ConfigurationProperties("saga.operations")
public record SagaOperationsProperties(@DefaultValue Schema schema) {

    /**
     * @param migrate      migrate the library's tables on start-up (with {@value SagaOperationsSchema#LOCATION})
     * @param historyTable the library's own Flyway history table
     */
    public record Schema(@DefaultValue("true") boolean migrate,
                         @DefaultValue("saga_operations_schema_history") String historyTable) {
    }
}
