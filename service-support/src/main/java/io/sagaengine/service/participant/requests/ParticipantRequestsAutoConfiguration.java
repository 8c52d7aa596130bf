package io.sagaengine.service.participant.requests;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.BoundedPurge;
import io.sagaengine.outbox.ScheduledPurge;
import io.sagaengine.service.participant.ParticipantDefinition;
import org.flywaydb.core.api.callback.Callback;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Gives a participant service (one with a {@link ParticipantDefinition} bean) its {@link ParticipantRequests} and
 * the {@code participant_request} table, migrated by the service's Flyway just before its own migrations (see
 * {@link RequestTableMigration}).
 */
@AutoConfiguration(after = {JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConditionalOnBean(ParticipantDefinition.class)
@EnableConfigurationProperties(RequestRetention.class)
public class ParticipantRequestsAutoConfiguration {

    @Bean
    FlywayConfigurationCustomizer participantRequestMigrations() {
        return configuration -> {
            Callback[] current = configuration.getCallbacks();
            if (Arrays.stream(current).noneMatch(RequestTableMigration.class::isInstance)) {
                configuration.callbacks(Stream.concat(Arrays.stream(current), Stream.of(new RequestTableMigration()))
                        .toArray(Callback[]::new));
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ParticipantRequests participantRequests(JdbcTemplate jdbc) {
        return new ParticipantRequests(jdbc);
    }

    /**
     * Deletes request records past {@code saga.participant.requests.retention}, in bounded batches, one instance at
     * a time; idle when that is zero.
     */
    @Bean
    ScheduledPurge participantRequestPurge(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                           RequestRetention settings, ObjectProvider<MeterRegistry> meters) {
        return settings.purge(jdbc, transactionManager,
                BoundedPurge.counted(meters.getIfAvailable(SimpleMeterRegistry::new), "participant_request"));
    }
}
