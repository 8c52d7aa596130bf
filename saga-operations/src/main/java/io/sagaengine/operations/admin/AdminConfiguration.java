package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaFinder;
import io.sagaengine.engine.SagaQueries;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The admin API: who may use it, its bounded reads, and its controllers. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({AdminAccess.class, AdminReads.class, AdminReads.SettingsConfiguration.class, AdminReads.TimedOutAdvice.class,
        AdminMigrationController.class, AdminExportController.class,
        SagaTypesHere.class, AdminSagaController.class,
        AdminBulkController.class, AdminOverviewController.class, SagaEventsController.class,
        AdminConfiguration.StreamSettings.class})
public class AdminConfiguration {

    @Bean
    AdminSagaFinder adminSagaFinder(SagaFinder finder, AdminReads reads, AdminReads.Settings settings) {
        return new AdminSagaFinder(finder, reads, settings);
    }

    @Bean
    SagaStreams sagaStreams(SagaFinder finder, SagaQueries queries, SagaTypesHere typesHere, AdminReads reads,
                            SagaStreams.Settings settings) {
        return SagaStreams.of(finder, queries, typesHere, reads, settings);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SagaStreams.Settings.class)
    static class StreamSettings {
    }
}
