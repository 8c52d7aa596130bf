package io.sagaengine.operations.admin;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The admin API: who may use it, its bounded reads, and its controllers. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({AdminAccess.class, AdminReads.class, AdminReads.SettingsConfiguration.class, AdminReads.TimedOutAdvice.class,
        SagaTypesHere.class, JdbcSagaFinder.class, JdbcSagaOverview.class, AdminSagaController.class,
        AdminBulkController.class, AdminOverviewController.class})
public class AdminConfiguration {
}
