package io.sagaengine.orchestrator.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Whether {@code POST /orders} takes an order now. {@link #admit()} is asked first thing, before the body is read or
 * the database touched, so a refusal costs next to nothing: it reads the last verdict of the hard signals and
 * reserves a place under the adaptive limit. The placement then runs in {@link Ticket#withConnection}, within the
 * order API's share of the connection pool.
 */
public final class OrderAdmission {

    private final SagaLimit limit;
    private final OverloadSignals signals;
    private final ConnectionShare connections;
    private final boolean enabled;
    private final long retryAfterMillis;
    private final DoubleSupplier random;
    private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);

    OrderAdmission(SagaLimit limit, OverloadSignals signals, ConnectionShare connections,
                   AdmissionProperties properties, MeterRegistry meters, DoubleSupplier random) {
        this.limit = limit;
        this.signals = signals;
        this.connections = connections;
        this.enabled = properties.enabled();
        this.retryAfterMillis = properties.retryAfter().toMillis();
        this.random = random;
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, Counter.builder("orders.admission.refused").tag("reason", reason.tag())
                    .description("Orders refused with 503 before anything was stored, by the signal that refused")
                    .register(meters));
        }
    }

    /**
     * @throws AdmissionRefused 503 when a hard signal refuses or the limit is reached
     */
    public Ticket admit() {
        if (!enabled) {
            return new Ticket(false);
        }
        RefusalReason verdict = signals.verdict();
        if (verdict != null) {
            throw refuse(verdict);
        }
        if (!limit.tryReserve()) {
            throw refuse(limit.stalled() ? RefusalReason.STALLED : RefusalReason.LIMIT);
        }
        return new Ticket(true);
    }

    private AdmissionRefused refuse(RefusalReason reason) {
        refused.get(reason).increment();
        // whole seconds, jittered up to as much again, so refused clients spread out
        long seconds = Math.max(1, Math.round((retryAfterMillis + random.getAsDouble() * retryAfterMillis) / 1000.0));
        return new AdmissionRefused(reason, seconds, "new orders");
    }

    /** An order let in: call {@link #started} once its saga committed, and close it in any case. */
    public final class Ticket implements AutoCloseable {

        private boolean holding;

        private Ticket(boolean holding) {
            this.holding = holding;
        }

        /**
         * Runs the placement holding one of the order API's connections.
         *
         * @throws AdmissionRefused 503 (reason {@code pool}) when none is free within the wait
         */
        public <T> T withConnection(Supplier<T> placement) {
            if (!connections.tryAcquire()) {
                throw refuse(RefusalReason.POOL);
            }
            try {
                return placement.get();
            } finally {
                connections.release();
            }
        }

        /** The order's saga committed: it holds its place until it finishes. */
        public void started(UUID sagaId) {
            if (holding) {
                holding = false;
                limit.started(sagaId);
            }
        }

        /** Gives the place back unless a saga took it (a failed placement, or the answer of an earlier request). */
        @Override
        public void close() {
            if (holding) {
                holding = false;
                limit.cancel();
            }
        }
    }

    /** A share of the connection pool: at most so many holders at once, each waiting a little for its turn. */
    static final class ConnectionShare {
        private final Semaphore permits;
        private final long waitNanos;

        ConnectionShare(int size, java.time.Duration wait) {
            this.permits = new Semaphore(size);
            this.waitNanos = wait.toNanos();
        }

        boolean tryAcquire() {
            try {
                return permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void release() {
            permits.release();
        }

        int available() {
            return permits.availablePermits();
        }
    }
}
