package io.sagaengine.outbox;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells failures that say nothing about the message (the database is down, failing over, out of connections,
 * or a write conflict) from failures of the message itself. A message that failed transiently is tried again
 * until the database is back; it is never dead-lettered for it.
 */
public final class TransientFailures {

    /** SQLSTATE classes: connection exception, insufficient resources (too many connections), operator intervention. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57");
    /** serialization failure, deadlock, lock not available, I/O error, cannot connect now (server starting). */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "58030", "57P03");

    private TransientFailures() {
    }

    /** True if {@code failure}, or any of its causes, is a transient database or connection failure. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonMessageException) {
                return false;
            }
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException) {
                return true;
            }
            // a failed commit (TransactionSystemException) is transient only if its cause is: a trigger or
            // constraint refusing the commit is the input's failure, a lost connection is not. A failed rollback
            // hides the failure that caused it, which decides.
            if (t instanceof TransactionSystemException tse && tse.getApplicationException() != null
                    && tse.getApplicationException() != failure && isTransient(tse.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransientState(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return false;
        }
        return TRANSIENT_STATES.contains(sqlState) || TRANSIENT_CLASSES.contains(sqlState.substring(0, 2));
    }
}
