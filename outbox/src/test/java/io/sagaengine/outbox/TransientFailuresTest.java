package io.sagaengine.outbox;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    @Test
    void databaseOutagesFailoversFullPoolsAndConflictsAreTransientWhereverTheyAreWrapped() {
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("pool exhausted")))).isTrue();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("08006")))).as("connection failure").isTrue();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("57P01")))).as("admin shutdown").isTrue();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("57P03")))).as("starting up").isTrue();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("53300")))).as("too many connections").isTrue();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("40001")))).as("serialization").isTrue();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("55P03")))).as("lock timeout").isTrue();
        assertThat(TransientFailures.isTransient(new OptimisticLockingFailureException("version"))).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("wrapped",
                new ConnectException("Connection refused")))).isTrue();
        assertThat(TransientFailures.isTransient(new TransactionSystemException("commit failed",
                new SQLException("An I/O error occurred", "08006")))).as("commit lost its connection").isTrue();
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new CannotGetJdbcConnectionException("connection lost",
                new SQLException("An I/O error occurred while sending to the backend", "08006")));
        assertThat(TransientFailures.isTransient(rollbackFailed)).as("a rollback failing after a lost connection").isTrue();
    }

    @Test
    void brokenMessagesAndBugsAreNot() {
        assertThat(TransientFailures.isTransient(new PoisonMessageException("bad json",
                new SQLTransientConnectionException("irrelevant")))).as("poison wins").isFalse();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("23505")))).as("unique violation").isFalse();
        assertThat(TransientFailures.isTransient(listenerFailure(uncategorized("22P05")))).as("untranslatable").isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("check"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bug"))).isFalse();
        assertThat(TransientFailures.isTransient(new TransactionSystemException("commit failed",
                new SQLException("refused by a deferred trigger", "P0001")))).as("commit refused").isFalse();
        TransactionSystemException rollbackAfterBug = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackAfterBug.initApplicationException(new IllegalStateException("bug"));
        assertThat(TransientFailures.isTransient(rollbackAfterBug)).as("a rollback failing after a bug").isFalse();
        assertThat(TransientFailures.isTransient(listenerFailure(new UncategorizedSQLException("x", "y",
                new SQLException("no state"))))).isFalse();
    }

    private static UncategorizedSQLException uncategorized(String sqlState) {
        return new UncategorizedSQLException("handling", "INSERT ...", new SQLException("failed", sqlState));
    }

    private static ListenerExecutionFailedException listenerFailure(Exception cause) {
        return new ListenerExecutionFailedException("Listener failed", cause);
    }
}
