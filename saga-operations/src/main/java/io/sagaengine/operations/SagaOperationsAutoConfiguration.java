package io.sagaengine.operations;

import io.sagaengine.engine.SagaEngineAutoConfiguration;
import io.sagaengine.operations.admin.AdminConfiguration;
import io.sagaengine.operations.console.ConsoleConfiguration;
import io.sagaengine.operations.deadletter.DeadLetterConfiguration;
import io.sagaengine.operations.monitoring.MonitoringConfiguration;
import io.sagaengine.operations.signin.SignInConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * What support staff use, for every saga type the application defines (every {@code SagaDefinition} bean the
 * engine runs): the admin API under {@code /admin/sagas} (lists, filters, timeline, retry, compensate, resume,
 * bulk actions with a dry-run count), dead letters under {@code /admin/dead-letters} (list, re-drive, gauges), the
 * support console under {@code /console}, its sign-in, and the saga gauges. Users, roles and API tokens are the
 * service's ({@code saga.security.*}).
 *
 * <p>The library's table (the re-drive audit) is migrated by a Flyway of its own ({@value
 * SagaOperationsSchema#LOCATION}, history in {@code saga.operations.schema.history-table}).
 */
@AutoConfiguration(after = {SagaEngineAutoConfiguration.class, FlywayAutoConfiguration.class,
        ServiceSecurityAutoConfiguration.class})
@EnableConfigurationProperties(SagaOperationsProperties.class)
@Import({AdminConfiguration.class, DeadLetterConfiguration.class, ConsoleConfiguration.class,
        SignInConfiguration.class, MonitoringConfiguration.class})
public class SagaOperationsAutoConfiguration {

    /**
     * After the application's own migrations: Flyway refuses a schema that is not empty and has no history of its
     * own, so the application's Flyway must see the schema before the library's tables are added to it.
     */
    @Bean
    @DependsOnDatabaseInitialization
    SagaOperationsSchema sagaOperationsSchema(DataSource dataSource, SagaOperationsProperties properties) {
        return new SagaOperationsSchema(dataSource, properties.schema());
    }
}
