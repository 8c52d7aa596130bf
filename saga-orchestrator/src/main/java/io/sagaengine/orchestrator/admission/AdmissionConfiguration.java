package io.sagaengine.orchestrator.admission;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.sagaengine.engine.SagaEngineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Admission control at {@code POST /orders} and the connection pool's shares ({@code orders.admission.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdmissionProperties.class)
class AdmissionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdmissionConfiguration.class);
    /** Reply listener threads aside: the deadline poller and the retention purge hold one connection each. */
    private static final int ENGINE_TASKS = 2;

    @Bean
    SagaLimit orderSagaLimit(AdmissionProperties properties, MeterRegistry meters) {
        SagaLimit limit = new SagaLimit(properties.limit(), System::nanoTime);
        Gauge.builder("orders.admission.limit", limit, SagaLimit::limit)
                .description("Order sagas this instance may have in flight now (adaptive)").register(meters);
        Gauge.builder("orders.admission.in.flight", limit, SagaLimit::inFlight)
                .description("Order sagas this instance admitted that have not finished yet").register(meters);
        return limit;
    }

    @Bean
    OverloadSignals overloadSignals(AdmissionProperties properties, MeterRegistry meters, DataSource dataSource,
                                    SagaEngineProperties engine, Environment environment) {
        String replyGroup = engine.consumerGroup() != null && !engine.consumerGroup().isBlank()
                ? engine.consumerGroup() : environment.getProperty("spring.application.name", "saga-engine");
        JvmHeap heap = new JvmHeap();
        return new OverloadSignals(replyLag(meters, replyGroup), poolWaiters(dataSource), heap::usedAfterLastGc,
                properties);
    }

    @Bean
    OrderAdmission orderAdmission(SagaLimit limit, OverloadSignals signals, AdmissionProperties properties,
                                  MeterRegistry meters, DataSource dataSource, SagaEngineProperties engine) {
        AdmissionProperties.Connections connections = properties.connections();
        warnIfNoReserve(dataSource, connections, engine.replies().concurrency());
        return new OrderAdmission(limit, signals,
                new OrderAdmission.ConnectionShare(connections.orders(), connections.maxWait()), properties, meters,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Bean
    FinishedSagas admissionFinishedSagas(SagaLimit limit) {
        return new FinishedSagas(limit);
    }

    @Bean
    AdmissionTasks admissionTasks(SagaLimit limit, OverloadSignals signals, JdbcTemplate jdbc,
                                  AdmissionProperties properties) {
        return new AdmissionTasks(limit, signals, jdbc, properties);
    }

    @Bean
    WebMvcConfigurer adminConnections(AdmissionProperties properties) {
        AdminConnections admin = new AdminConnections(new OrderAdmission.ConnectionShare(
                properties.connections().admin(), properties.connections().maxWait()),
                Math.max(1, properties.retryAfter().toSeconds()));
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(admin).addPathPatterns("/admin/**");
            }
        };
    }

    /** The records the reply listener's group has yet to read, over all its partitions. */
    private static LongSupplier replyLag(MeterRegistry meters, String group) {
        return () -> (long) Search.in(meters).name("outbox.consumer.lag").tag("group", group).gauges().stream()
                .mapToDouble(Gauge::value).filter(Double::isFinite).sum();
    }

    private static IntSupplier poolWaiters(DataSource dataSource) {
        HikariDataSource hikari = hikari(dataSource);
        if (hikari == null) {
            return () -> 0;
        }
        return () -> {
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            return pool == null ? 0 : pool.getThreadsAwaitingConnection();
        };
    }

    private static HikariDataSource hikari(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static void warnIfNoReserve(DataSource dataSource, AdmissionProperties.Connections connections,
                                        int replyThreads) {
        HikariDataSource hikari = hikari(dataSource);
        if (hikari == null) {
            return;
        }
        int reserve = hikari.getMaximumPoolSize() - connections.orders() - connections.admin();
        if (reserve < replyThreads + ENGINE_TASKS) {
            log.warn("The order API ({}) and admin API ({}) may hold {} of the pool's {} connections, leaving fewer "
                            + "than the {} the reply listener, deadline poller and purge need: lower "
                            + "orders.admission.connections.* or raise spring.datasource.hikari.maximum-pool-size",
                    connections.orders(), connections.admin(), connections.orders() + connections.admin(),
                    hikari.getMaximumPoolSize(), replyThreads + ENGINE_TASKS);
        }
    }
}
