package io.sagaengine.orchestrator.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The database reads of the admin API, each cancelled by PostgreSQL once it runs longer than
 * {@code saga.admin.read-timeout}: a listing over millions of sagas must not hold a connection, and the locks and I/O
 * it needs, while the reply listener waits. A cancelled read is answered 503 as a problem.
 */
@Component
final class AdminReads {

    /**
     * @param readTimeout longest run of one admin read (whole seconds, at least 1)
     */
    @ConfigurationProperties("saga.admin")
    record Settings(@DefaultValue("5s") Duration readTimeout) {
        Settings {
            if (readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("saga.admin.read-timeout must be positive");
            }
        }

        int seconds() {
            return (int) Math.max(1, (readTimeout.toMillis() + 999) / 1000);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(Settings.class)
    static class SettingsConfiguration {
    }

    /** PostgreSQL's SQLSTATE for a statement cancelled, by its timeout or by the driver's cancel request. */
    private static final String QUERY_CANCELED = "57014";

    private final JdbcTemplate jdbc;

    AdminReads(DataSource dataSource, Settings settings) {
        int timeout = settings.seconds();
        this.jdbc = new JdbcTemplate(dataSource) {
            @Override
            protected DataAccessException translateException(String task, String sql, SQLException ex) {
                if (QUERY_CANCELED.equals(ex.getSQLState())) {
                    return new TimedOut(timeout, ex);
                }
                return super.translateException(task, sql, ex);
            }
        };
        this.jdbc.setQueryTimeout(timeout);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** An admin read ran longer than its timeout and was cancelled. */
    static final class TimedOut extends QueryTimeoutException {
        final int seconds;

        TimedOut(int seconds, SQLException cause) {
            super("An admin read ran longer than " + seconds + " s and was cancelled", cause);
            this.seconds = seconds;
        }
    }

    /** Answers a cancelled admin read, before any broader handler can make it a 500. */
    @RestControllerAdvice(basePackageClasses = AdminReads.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class TimedOutAdvice {

        @ExceptionHandler(TimedOut.class)
        ErrorResponseException timedOut(TimedOut e) {
            return AdminProblems.readTimedOut(e.seconds);
        }
    }
}
