package io.sagaengine.orchestrator.admission;

import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The hard signals that refuse every order at once, whatever the limit: the reply listener's lag, threads waiting for
 * a database connection, the heap left after garbage collection. Sampled every {@code signal-interval} off the
 * request path, so that a request only reads the last verdict.
 */
final class OverloadSignals {

    private final LongSupplier replyLag;
    private final IntSupplier poolWaiters;
    private final DoubleSupplier heapAfterGc;
    private final long maxReplyLag;
    private final int maxPoolWaiters;
    private final double maxHeapAfterGc;
    private volatile RefusalReason verdict;

    OverloadSignals(LongSupplier replyLag, IntSupplier poolWaiters, DoubleSupplier heapAfterGc,
                    AdmissionProperties properties) {
        this.replyLag = replyLag;
        this.poolWaiters = poolWaiters;
        this.heapAfterGc = heapAfterGc;
        this.maxReplyLag = properties.maxReplyLag();
        this.maxPoolWaiters = properties.maxPoolWaiters();
        this.maxHeapAfterGc = properties.maxHeapAfterGc();
    }

    /** Reads the signals and keeps the verdict. */
    void sample() {
        verdict = judge();
    }

    /** Why orders are refused now, by the last sample; null when no signal refuses. */
    RefusalReason verdict() {
        return verdict;
    }

    private RefusalReason judge() {
        if (maxHeapAfterGc < 1 && heapAfterGc.getAsDouble() > maxHeapAfterGc) {
            return RefusalReason.HEAP;
        }
        if (poolWaiters.getAsInt() > maxPoolWaiters) {
            return RefusalReason.POOL_WAIT;
        }
        if (maxReplyLag > 0 && replyLag.getAsLong() > maxReplyLag) {
            return RefusalReason.REPLY_LAG;
        }
        return null;
    }
}
