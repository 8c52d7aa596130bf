package io.sagaengine.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * Deletes the rows of one table that a condition selects, a bounded batch per transaction, by one instance at a
 * time: the retention of the inbox, of participants' request records and of the engine's unmatched replies.
 *
 * <p>Each batch is one short transaction: it takes the purge's PostgreSQL advisory lock with
 * {@code pg_try_advisory_xact_lock(hashtext('bounded-purge'), hashtext(name))} and deletes at most {@code batchSize}
 * rows by their physical address ({@code ctid}) as selected under the condition, so no statement scans or locks
 * more than a batch and none waits on another. When another instance holds the lock (it is purging the same table
 * right now) the run ends at once: two instances never scan the same table together, and the next run catches up.
 * A row changed by another transaction between the selection and the delete has a new address and stays.
 */
public final class BoundedPurge {

    /** Where the lock keys of every bounded purge live (the first of the two keys). */
    public static final String LOCK_NAMESPACE = "bounded-purge";

    private static final Logger log = LoggerFactory.getLogger(BoundedPurge.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * What one run did.
     *
     * @param deleted rows deleted
     * @param batches transactions that deleted at least one row
     * @param skipped whether the run stopped because another instance held the purge's lock
     */
    public record Run(int deleted, int batches, boolean skipped) {
    }

    private final String name;
    private final String what;
    private final int batchSize;
    private final String delete;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final IntConsumer deleted;

    /**
     * @param name      the purge's name: its lock key
     * @param what      what its rows are, for the log line ({@code "inbox records older than PT168H"})
     * @param table     the table rows are deleted from
     * @param condition the rows to delete (SQL on {@code table}, with {@code ?} parameters given to {@link #run})
     * @param batchSize rows deleted per transaction at most
     * @param deleted   told how many rows each batch deleted, once it committed (a meter, an observer)
     */
    public BoundedPurge(String name, String what, String table, String condition, int batchSize, JdbcTemplate jdbc,
                        PlatformTransactionManager transactionManager, IntConsumer deleted) {
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size of purge " + name + " must be at least 1");
        }
        this.name = name;
        this.what = what;
        this.batchSize = batchSize;
        this.delete = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table + " WHERE "
                + condition + " LIMIT ?))";
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.deleted = deleted;
    }

    /** Counts the rows a purge deletes in {@code purge.deleted.rows}, tagged with the purge's name. */
    public static IntConsumer counted(MeterRegistry meters, String name) {
        Counter counter = Counter.builder("purge.deleted.rows").tag("purge", name)
                .description("Rows deleted by a retention purge").register(meters);
        return rows -> counter.increment(rows);
    }

    /**
     * Batch after batch until a batch finds fewer rows than its size, another instance holds the lock, or the
     * thread is interrupted (shutdown); logs what went.
     *
     * @param arguments the condition's parameters
     */
    public Run run(Object... arguments) {
        Object[] withLimit = new Object[arguments.length + 1];
        System.arraycopy(arguments, 0, withLimit, 0, arguments.length);
        withLimit[arguments.length] = batchSize;
        int total = 0;
        int batches = 0;
        boolean skipped = false;
        while (!Thread.currentThread().isInterrupted()) {
            Integer batch = transactions.execute(status -> locked() ? jdbc.update(delete, withLimit) : null);
            if (batch == null) {
                skipped = true;
                break;
            }
            if (batch > 0) {
                total += batch;
                batches++;
                deleted.accept(batch);
            }
            if (batch < batchSize) {
                break;
            }
        }
        if (total > 0) {
            log.info("Purged {} {} in {} batch(es) of at most {}", total, what, batches, batchSize);
        }
        if (skipped && batches == 0) {
            log.debug("Purge {} skipped: another instance is running it", name);
        }
        return new Run(total, batches, skipped);
    }

    /** The statement one batch runs: the condition's parameters, then the batch size. */
    public String batchStatement() {
        return delete;
    }

    private boolean locked() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext(?), hashtext(?))",
                Boolean.class, LOCK_NAMESPACE, name));
    }
}
