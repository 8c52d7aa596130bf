package io.sagaengine.orchestrator.admission;

import io.sagaengine.outbox.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps admission current off the request path: samples the hard signals and moves the limit (in memory, often), and
 * looks up in the database which of the sagas this instance admitted are no longer running, because another
 * instance read their last reply or the retention purge deleted them. Nothing here survives a restart, and nothing
 * needs to: a new instance starts with no saga in flight and its initial limit.
 */
final class AdmissionTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdmissionTasks.class);
    /** The admitted sagas still in flight, and whether an operator paused each. */
    private static final String STILL_RUNNING = """
            SELECT id, paused_at IS NOT NULL AS paused FROM saga_instance
            WHERE id = ANY (?) AND status IN ('RUNNING', 'COMPENSATING')""";

    private final SagaLimit limit;
    private final OverloadSignals signals;
    private final JdbcTemplate jdbc;
    private final AdmissionProperties properties;
    private PeriodicTask sampling;
    private PeriodicTask adjusting;
    private PeriodicTask reconciling;
    private volatile boolean running;
    private volatile boolean warned;

    AdmissionTasks(SagaLimit limit, OverloadSignals signals, JdbcTemplate jdbc, AdmissionProperties properties) {
        this.limit = limit;
        this.signals = signals;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        running = true;
        sampling = PeriodicTask.start("admission-signals", properties.signalInterval(), guarded(signals::sample));
        adjusting = PeriodicTask.start("admission-limit", properties.adjustInterval(), guarded(limit::adjust));
        reconciling = PeriodicTask.start("admission-reconcile", properties.reconcileInterval(), guarded(this::reconcile));
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (PeriodicTask task : new PeriodicTask[] {sampling, adjusting, reconciling}) {
            if (task != null) {
                task.stopNow();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Frees the places of sagas that are over, wherever they ended, of those an operator paused (a paused saga waits
     * for a person, not for this instance's capacity: it would hold its place, count as late and make the order API
     * refuse everything while a set of sagas is paused), and of those in flight too long.
     */
    void reconcile() {
        limit.expire();
        List<UUID> admitted = limit.admittedBefore(properties.reconcileInterval());
        if (admitted.isEmpty()) {
            return;
        }
        Set<UUID> running = new HashSet<>();
        Set<UUID> paused = new HashSet<>();
        jdbc.query(STILL_RUNNING, row -> {
            UUID id = row.getObject("id", UUID.class);
            (row.getBoolean("paused") ? paused : running).add(id);
        }, new SqlArrayValue("uuid", admitted.toArray()));
        for (UUID id : admitted) {
            if (paused.contains(id)) {
                limit.released(id);
            } else if (!running.contains(id)) {
                limit.finished(id);
            }
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
                warned = false;
            } catch (RuntimeException e) {
                if (!warned) {
                    warned = true;
                    log.warn("Admission control could not refresh (keeps its last state): {}", e.toString());
                }
            }
        };
    }
}
