package io.sagaengine.operations.admin;

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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The database reads of the admin API, all of them through the engine's {@code SagaQueries}, {@code SagaFinder}
 * and {@code SagaCensus} (which take part in the caller's transaction): each runs in a read-only
 * transaction whose {@code statement_timeout} is {@code saga.admin.read-timeout}, so PostgreSQL cancels a statement
 * that runs longer: a listing over millions of sagas must not hold a connection, and the locks and I/O it needs,
 * while the reply listener waits. A cancelled read is answered 503 as a problem.
 */
@Component
final class AdminReads {

    /**
     * @param readTimeout      longest run of one statement of an admin read
     * @param overviewCacheTtl how long one overview is answered to every caller (the console refreshes every 5 s);
     *                         zero reads it anew each time
     * @param countCap         the most sagas a bulk action's count reads: beyond it the answer says "at least" this
     *                         many (more than a bulk action may act on, so no action depends on the exact number)
     */
    @ConfigurationProperties("saga.admin")
    record Settings(@DefaultValue("5s") Duration readTimeout, @DefaultValue("5s") Duration overviewCacheTtl,
                    @DefaultValue("10000") int countCap) {
        Settings {
            if (readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("saga.admin.read-timeout must be positive");
            }
            if (overviewCacheTtl.isNegative()) {
                throw new IllegalArgumentException("saga.admin.overview-cache-ttl must not be negative");
            }
            if (countCap <= BulkViews.MAX_SAGAS) {
                throw new IllegalArgumentException("saga.admin.count-cap must be more than " + BulkViews.MAX_SAGAS
                        + ", the most sagas a bulk action acts on");
            }
        }

        /** The timeout in whole seconds, rounded up, as the problem answer states it. */
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
    private final TransactionTemplate readOnly;
    private final String timeout;
    private final int seconds;

    AdminReads(DataSource dataSource, PlatformTransactionManager transactionManager, Settings settings) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.timeout = Math.max(1, settings.readTimeout().toMillis()) + "ms";
        this.seconds = settings.seconds();
    }

    /**
     * Runs {@code reads} (the engine's {@code SagaQueries}, {@code SagaFinder} and {@code SagaCensus}, which take part
     * in the transaction) in a read-only transaction with the read timeout.
     *
     * @throws TimedOut when PostgreSQL cancelled a statement that ran longer
     */
    <T> T read(Supplier<T> reads) {
        try {
            return readOnly.execute(status -> {
                jdbc.queryForObject("SELECT set_config('statement_timeout', ?, true)", String.class, timeout);
                return reads.get();
            });
        } catch (DataAccessException e) {
            if (cancelled(e)) {
                throw new TimedOut(seconds, e);
            }
            throw e;
        }
    }

    private static boolean cancelled(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** An admin read ran longer than its timeout and was cancelled. */
    static final class TimedOut extends QueryTimeoutException {
        final int seconds;

        TimedOut(int seconds, Throwable cause) {
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
